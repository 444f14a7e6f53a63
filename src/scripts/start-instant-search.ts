/**
 * Starts instant search when the user first turns to the search form (focus, pointer, key), not at load:
 * the page arrives rendered by the server, and a visitor who only reads it never pays for the search
 * engine's code, the index (~30 KB on the wire) or the parsing of it on a phone's main thread. On a catalogue
 * above BROWSER_SEARCH_INDEX_MAX_OFFERS (`data-search-source="server"`) it loads the small module that asks
 * the server's search page instead.
 */
const FIRST_USE = ['focusin', 'pointerdown', 'keydown'] as const;

export function startInstantSearch(): void {
  const form = document.querySelector<HTMLFormElement>('form[data-instant-search]');
  if (!form) return;
  const formState = () => new URLSearchParams([...new FormData(form)].filter((e): e is [string, string] => typeof e[1] === 'string')).toString();
  const rendered = formState();
  const start = () => {
    for (const type of FIRST_USE) form.removeEventListener(type, start, true);
    // What the user changed while the code and the index loaded is shown as soon as they are there.
    const changedMeanwhile = () => formState() !== rendered;
    // A catalogue too large for the browser's index is searched by the server: that module carries no engine.
    const started = form.dataset.searchSource === 'server'
      ? import('./instant-search-server.ts').then((m) => m.runServerSearch(form, changedMeanwhile))
      : import('./instant-search.ts').then((m) => m.runInstantSearch(form, changedMeanwhile));
    void started.catch(() => {});
  };
  const input = form.querySelector<HTMLInputElement>('[data-search-input]');
  // Already in use (focused before this ran), or the front page's box refilled by the browser's back button.
  if (form.contains(document.activeElement) || (form.dataset.instantSearch === 'in-place' && input?.value)) start();
  else for (const type of FIRST_USE) form.addEventListener(type, start, true);
}
