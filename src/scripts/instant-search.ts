/**
 * Instant search on /soeg: loads the server's search index once (revalidated by ETag) and re-renders the
 * results, facets and status with the very functions the server used, as the user types or ticks a facet.
 * Without JavaScript, or until the index has loaded, the form simply submits to the server.
 *
 * The index is fetched when the user first turns to the form (focus, pointer, key), not at load: the page
 * arrives already rendered by the server, and a visitor who only reads the results never pays for the index
 * (~30 KB on the wire, and parsing and indexing it on a phone's main thread). The engine's code comes then
 * too (a separate chunk), so the page's own script is a few lines.
 */
import { SEARCH_INDEX_URL, SEARCH_PATH } from '../consts.ts';
import type { SearchEngine, SearchIndexPayload } from '../../core/catalogue/search/engine.ts';

const TYPING_DELAY_MS = 60;

const FIRST_USE = ['focusin', 'pointerdown', 'keydown'] as const;

export function startInstantSearch(): void {
  const form = document.querySelector<HTMLFormElement>('form[data-instant-search]');
  if (!form) return;
  const formState = () => new URLSearchParams([...new FormData(form)].filter((e): e is [string, string] => typeof e[1] === 'string')).toString();
  const rendered = formState();
  const onFirstUse = () => {
    for (const type of FIRST_USE) form.removeEventListener(type, onFirstUse, true);
    // What the user changed while the index loaded is shown as soon as it is there.
    void loadInstantSearch(form, () => formState() !== rendered);
  };
  for (const type of FIRST_USE) form.addEventListener(type, onFirstUse, true);
}

async function loadInstantSearch(form: HTMLFormElement, changedMeanwhile: () => boolean): Promise<void> {
  const input = form.querySelector<HTMLInputElement>('[data-search-input]')!;
  const facetPanel = form.querySelector<HTMLElement>('[data-facet-panel]')!;
  const results = form.querySelector<HTMLElement>('[data-results]')!;
  const status = form.querySelector<HTMLElement>('[data-result-status]')!;

  let engine: SearchEngine;
  let modules: [typeof import('../../core/catalogue/search/engine.ts'), typeof import('../lib/search/render.ts')];
  try {
    // The index and the code that searches it, fetched side by side.
    const index = fetch(SEARCH_INDEX_URL, { cache: 'no-cache' });
    modules = await Promise.all([import('../../core/catalogue/search/engine.ts'), import('../lib/search/render.ts')]);
    const response = await index;
    if (!response.ok) return;
    engine = modules[0].SearchEngine.fromPayload((await response.json()) as SearchIndexPayload);
  } catch {
    return; // the server-rendered form keeps working
  }
  const [{ DEFAULT_CAPACITY_STALE_DAYS, parseSearchParams, runSearch, toQueryString }, { renderFacets, renderResults, renderStatus }] = modules;
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
  if (changedMeanwhile()) update();
}
