/**
 * Instant search, on /soeg and in the front page's search box: loads the server's search index once
 * (revalidated by ETag) and re-renders the results (and on /soeg the facets, chosen filters and status) with
 * the very functions the server used, as the user types or ticks a facet. A signed-in professional also
 * gets every offer's seats from /api/v1/seat-summaries, for the seat lines and the "Har ledige pladser"
 * filter. Without JavaScript, or until everything has loaded (or if it fails), the form simply submits to
 * the server. This module is loaded by start-instant-search.ts when the form is first used.
 *
 * `data-instant-search="in-place"` (the front page): results appear under the box, the address stays, and
 * the form still submits to /soeg on Enter for the full page with filters.
 *
 * This is the local mode; a form with `data-search-source="server"` (a catalogue above
 * BROWSER_SEARCH_INDEX_MAX_OFFERS) gets instant-search-server.ts instead, which never loads this module.
 */
import { SEARCH_INDEX_URL, SEARCH_PATH } from '../consts.ts';
import { DEFAULT_CAPACITY_STALE_DAYS, SearchEngine, parseSearchParams, runSearch, toQueryString, type SearchIndexPayload } from '../../core/catalogue/search/engine.ts';
import type { SeatSummary } from '../../core/catalogue/search/seats.ts';
import { renderChosenFilters, renderFacets, renderResults, renderStatus, type HitMarks } from '../lib/search/render.ts';

const TYPING_DELAY_MS = 60;
export const SEAT_SUMMARIES_URL = '/api/v1/seat-summaries';

async function loadJson<T>(url: string): Promise<T | null> {
  try {
    const response = await fetch(url, { cache: 'no-cache', credentials: 'same-origin' });
    return response.ok ? ((await response.json()) as T) : null;
  } catch {
    return null;
  }
}

/** Under the front page's instant results: the same search on /soeg, with its filters and every page. */
function searchPageLink(q: string, total: number): HTMLElement {
  const p = document.createElement('p');
  p.className = 'mt-4';
  const a = p.appendChild(document.createElement('a'));
  a.href = SEARCH_PATH + toQueryString({ q, filters: {} });
  a.textContent = `Filtrér de ${total} tilbud på søgesiden`;
  return p;
}

/** Takes over `form`; `changedMeanwhile`: whether the user changed it while this loaded. */
export async function runInstantSearch(form: HTMLFormElement, changedMeanwhile: () => boolean): Promise<void> {
  const inPlace = form.dataset.instantSearch === 'in-place';
  const input = form.querySelector<HTMLInputElement>('[data-search-input]')!;
  const results = form.querySelector<HTMLElement>('[data-results]')!;
  const status = form.querySelector<HTMLElement>('[data-result-status]')!;
  const facetPanel = form.querySelector<HTMLElement>('[data-facet-panel]');
  const chosen = form.querySelector<HTMLElement>('[data-chosen-filters]');
  const professional = Boolean(form.dataset.professional);

  // A professional's results without their seats would be wrong (the filter could not work): if the seats
  // cannot be read, the server keeps answering.
  const [payload, seats] = await Promise.all([
    loadJson<SearchIndexPayload>(SEARCH_INDEX_URL),
    professional ? loadJson<{ items: Record<string, SeatSummary> }>(SEAT_SUMMARIES_URL) : Promise.resolve(null),
  ]);
  if (!payload || (professional && !seats)) return;
  const engine = SearchEngine.fromPayload(payload);
  form.querySelector<HTMLElement>('[data-apply-filters]')?.setAttribute('hidden', '');

  const staleDays = Number(form.dataset.capacityStaleDays) || DEFAULT_CAPACITY_STALE_DAYS;
  const hasFreeSeats = seats ? (slug: string) => (seats.items[slug]?.free ?? 0) > 0 : undefined;

  const update = () => {
    const params = new URLSearchParams();
    for (const [key, value] of new FormData(form)) if (typeof value === 'string') params.append(key, value);
    const today = new Date().toISOString().slice(0, 10);
    const outcome = runSearch(engine, parseSearchParams(params), { today, capacityStaleDays: staleDays, hasFreeSeats });
    const marks: HitMarks | undefined = professional
      ? { today, capacityStaleDays: staleDays, seats: seats?.items, mayRefer: Boolean(form.dataset.mayRefer) }
      : undefined;
    const focusedId = document.activeElement?.id;
    if (inPlace && !outcome.params.q) {
      // The front page lists nothing until something is typed.
      results.innerHTML = '';
      status.textContent = '';
      return;
    }
    if (facetPanel) facetPanel.innerHTML = renderFacets(outcome.facets);
    if (chosen) chosen.innerHTML = renderChosenFilters(outcome);
    results.innerHTML = renderResults(outcome, engine.providers, marks);
    if (inPlace && outcome.total) results.append(searchPageLink(outcome.params.q, outcome.total));
    status.innerHTML = renderStatus(outcome);
    // Re-rendering replaces the checkboxes: give focus back to the one the user was on.
    if (focusedId && focusedId !== input.id) document.getElementById(focusedId)?.focus();
    if (!inPlace) {
      form.dataset.searchUrl = SEARCH_PATH + toQueryString(outcome.params);
      form.dataset.total = String(outcome.total);
      history.replaceState(null, '', form.dataset.searchUrl);
    }
  };

  /** A chip's filter ("tema=stress", or "*" for all) unticked in the form, as the link's URL would have it. */
  const removeFilter = (filter: string) => {
    const [name, value] = filter.split('=');
    for (const box of form.querySelectorAll<HTMLInputElement>('input[type=checkbox]')) {
      if (filter === '*' || (box.name === name && box.value === value)) box.checked = false;
    }
  };

  let timer: ReturnType<typeof setTimeout> | undefined;
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(update, TYPING_DELAY_MS);
  });
  form.addEventListener('change', (event) => {
    if (event.target !== input) update();
  });
  form.addEventListener('click', (event) => {
    const link = (event.target as Element).closest<HTMLAnchorElement>('a[data-remove-filter]');
    if (!link) return;
    event.preventDefault();
    removeFilter(link.dataset.removeFilter ?? '');
    update();
    status.focus(); // the chip is gone: the new result count is where the user continues
  });
  if (!inPlace) {
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      clearTimeout(timer);
      update();
    });
  }
  // Typed before the index arrived: show those results now.
  if (changedMeanwhile() || (inPlace && input.value.trim())) update();
  form.dataset.instantReady = 'true';
}
