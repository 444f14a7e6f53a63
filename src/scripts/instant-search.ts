/**
 * Instant search on /soeg: loads the server's search index once (revalidated by ETag) and re-renders the
 * results, facets and status with the very functions the server used, as the user types or ticks a facet.
 * Without JavaScript, or until the index has loaded, the form simply submits to the server.
 */
import { SEARCH_INDEX_URL, SEARCH_PATH } from '../consts.ts';
import { DEFAULT_CAPACITY_STALE_DAYS, SearchEngine, parseSearchParams, runSearch, toQueryString, type SearchIndexPayload } from '../../core/catalogue/search/engine.ts';
import { renderFacets, renderResults, renderStatus } from '../lib/search/render.ts';

const TYPING_DELAY_MS = 60;

export async function startInstantSearch(): Promise<void> {
  const form = document.querySelector<HTMLFormElement>('form[data-instant-search]');
  if (!form) return;
  const input = form.querySelector<HTMLInputElement>('[data-search-input]')!;
  const facetPanel = form.querySelector<HTMLElement>('[data-facet-panel]')!;
  const results = form.querySelector<HTMLElement>('[data-results]')!;
  const status = form.querySelector<HTMLElement>('[data-result-status]')!;

  let engine: SearchEngine;
  try {
    const response = await fetch(SEARCH_INDEX_URL, { cache: 'no-cache' });
    if (!response.ok) return;
    engine = SearchEngine.fromPayload((await response.json()) as SearchIndexPayload);
  } catch {
    return; // the server-rendered form keeps working
  }
  form.querySelector<HTMLElement>('[data-apply-filters]')?.setAttribute('hidden', '');

  const update = () => {
    const params = new URLSearchParams();
    for (const [key, value] of new FormData(form)) if (typeof value === 'string') params.append(key, value);
    const rankOptions = { today: new Date().toISOString().slice(0, 10), capacityStaleDays: Number(form.dataset.capacityStaleDays) || undefined };
    const outcome = runSearch(engine, parseSearchParams(params), rankOptions);
    const focusedId = document.activeElement?.id;
    facetPanel.innerHTML = renderFacets(outcome.facets);
    results.innerHTML = renderResults(outcome, engine.providers, form.dataset.professional ? { today: rankOptions.today, capacityStaleDays: rankOptions.capacityStaleDays ?? DEFAULT_CAPACITY_STALE_DAYS } : undefined);
    status.innerHTML = renderStatus(outcome);
    // Re-rendering replaces the checkboxes: give focus back to the one the user was on.
    if (focusedId && focusedId !== input.id) document.getElementById(focusedId)?.focus();
    history.replaceState(null, '', SEARCH_PATH + toQueryString(outcome.params));
  };

  let timer: ReturnType<typeof setTimeout> | undefined;
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(update, TYPING_DELAY_MS);
  });
  form.addEventListener('change', (event) => {
    if (event.target !== input) update();
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearTimeout(timer);
    update();
  });
  form.dataset.instantReady = 'true';
}
