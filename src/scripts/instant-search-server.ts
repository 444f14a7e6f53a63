/**
 * Instant search for a catalogue too large for the browser's index (`data-search-source="server"`, above
 * BROWSER_SEARCH_INDEX_MAX_OFFERS): as the user types (debounced) or ticks a facet, it fetches the server's
 * own search page for the form's state and swaps that page's fragments — results, status, chosen filters,
 * facets — into this one. They are the HTML the local mode renders (src/lib/search/render.ts), so CSS and
 * tests apply to both; a signed-in professional's seats come with the page (cookies are sent). No search
 * engine is loaded. A failed fetch leaves the page as it is, and a submit then goes to the server as without
 * JavaScript. Loaded by start-instant-search.ts in place of instant-search.ts.
 */
/** Longer than the local mode's 60 ms: each pause is a request. */
const TYPING_DELAY_MS = 150;

/**
 * Under the front page's instant results: the same search on /soeg (as instant-search.ts's; kept in each
 * module so neither costs a request for a shared chunk of ten lines).
 */
function searchPageLink(href: string, total: number): HTMLElement {
  const p = document.createElement('p');
  p.className = 'mt-4';
  const a = p.appendChild(document.createElement('a'));
  a.href = href;
  a.textContent = `Filtrér de ${total} tilbud på søgesiden`;
  return p;
}

/** The form's state as a query string, as the browser would submit it. */
function formQuery(form: HTMLFormElement): string {
  const params = new URLSearchParams();
  for (const [key, value] of new FormData(form)) if (typeof value === 'string') params.append(key, value);
  return params.toString();
}

/** The fragments of a fetched search page, or null when it is not one. */
function fragmentsOf(html: string) {
  const page = new DOMParser().parseFromString(html, 'text/html').querySelector<HTMLFormElement>('form[data-instant-search]');
  const results = page?.querySelector('[data-results]');
  const status = page?.querySelector('[data-result-status]');
  if (!page || !results || !status || page.dataset.searchUrl === undefined) return null;
  return {
    results: results.innerHTML,
    status: status.innerHTML,
    facets: page.querySelector('[data-facet-panel]')?.innerHTML ?? '',
    chosen: page.querySelector('[data-chosen-filters]')?.innerHTML ?? '',
    /** The search the page shows, as the local mode would write it in the address. */
    url: page.dataset.searchUrl,
    total: Number(page.dataset.total) || 0,
  };
}

/** Takes over `form`; `changedMeanwhile`: whether the user changed it while this loaded. */
export function runServerSearch(form: HTMLFormElement, changedMeanwhile: () => boolean): void {
  const inPlace = form.dataset.instantSearch === 'in-place';
  const input = form.querySelector<HTMLInputElement>('[data-search-input]')!;
  const results = form.querySelector<HTMLElement>('[data-results]')!;
  const status = form.querySelector<HTMLElement>('[data-result-status]')!;
  const facetPanel = form.querySelector<HTMLElement>('[data-facet-panel]');
  const chosen = form.querySelector<HTMLElement>('[data-chosen-filters]');
  const applyButton = form.querySelector<HTMLElement>('[data-apply-filters]');
  // Where the form submits (/soeg): read from it rather than imported, so this chunk shares none with the local mode's.
  const searchPath = form.getAttribute('action') ?? '/soeg';
  applyButton?.setAttribute('hidden', '');
  let inFlight: AbortController | undefined;

  const clear = () => {
    results.innerHTML = '';
    status.textContent = '';
  };

  /** Shows the search for the form's state; false when the server could not be asked (the page is left as it was). */
  const update = async (): Promise<boolean> => {
    inFlight?.abort();
    const query = formQuery(form);
    // The front page lists nothing until something is typed.
    if (inPlace && !input.value.trim()) {
      inFlight = undefined;
      results.removeAttribute('aria-busy');
      clear();
      return true;
    }
    const request = (inFlight = new AbortController());
    results.setAttribute('aria-busy', 'true');
    let page: ReturnType<typeof fragmentsOf>;
    try {
      const response = await fetch(`${searchPath}?${query}`, { credentials: 'same-origin', signal: request.signal, headers: { accept: 'text/html' } });
      page = response.ok ? fragmentsOf(await response.text()) : null;
    } catch {
      page = null;
    }
    if (request.signal.aborted) return true; // a newer search owns the page
    inFlight = undefined;
    results.removeAttribute('aria-busy');
    if (!page) {
      applyButton?.removeAttribute('hidden'); // the filters can still be applied by the server
      return false;
    }
    const focusedId = document.activeElement?.id;
    // The server found no words in what was typed (only punctuation, say): as with an empty box.
    if (inPlace && !new URL(page.url, location.href).searchParams.get('q')) {
      clear();
      return true;
    }
    if (facetPanel) facetPanel.innerHTML = page.facets;
    if (chosen) chosen.innerHTML = page.chosen;
    results.innerHTML = page.results;
    if (inPlace && page.total) results.append(searchPageLink(page.url, page.total));
    status.innerHTML = page.status;
    // Swapping replaces the checkboxes: give focus back to the one the user was on.
    if (focusedId && focusedId !== input.id) document.getElementById(focusedId)?.focus();
    if (!inPlace) {
      form.dataset.searchUrl = page.url;
      form.dataset.total = String(page.total);
      history.replaceState(null, '', page.url);
    }
    return true;
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
    inFlight?.abort(); // its answer is for words no longer in the box
    timer = setTimeout(() => void update(), TYPING_DELAY_MS);
  });
  form.addEventListener('change', (event) => {
    if (event.target !== input) void update();
  });
  form.addEventListener('click', (event) => {
    const link = (event.target as Element).closest<HTMLAnchorElement>('a[data-remove-filter]');
    if (!link) return;
    event.preventDefault();
    removeFilter(link.dataset.removeFilter ?? '');
    void update();
    status.focus(); // the chip is gone: the new result count is where the user continues
  });
  if (!inPlace) {
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      clearTimeout(timer);
      // The server could not be asked from here: let the browser load the page itself.
      void update().then((shown) => { if (!shown) form.submit(); });
    });
  }
  // Typed before this loaded: show those results now.
  if (changedMeanwhile() || (inPlace && input.value.trim())) void update();
  form.dataset.instantReady = 'true';
}
