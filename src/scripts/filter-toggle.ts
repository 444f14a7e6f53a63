/**
 * On a phone the search filters wait behind a button, so the results come first. The toggle is there from
 * the first paint, so starting this script moves nothing: without JavaScript it is a link down to the
 * filters (which follow the results, site.css); with it, a button that opens them under itself. On a desktop
 * the filters are the left column and the toggle is never shown.
 */
export function startFilterToggle(): void {
  const layout = document.querySelector<HTMLElement>('[data-search-layout]');
  const toggle = layout?.querySelector<HTMLAnchorElement>('[data-filter-toggle]');
  const panel = document.getElementById('filter-panel');
  if (!layout || !toggle || !panel) return;
  layout.classList.add('filters-collapsible');
  toggle.setAttribute('role', 'button');
  toggle.setAttribute('aria-controls', panel.id);
  toggle.setAttribute('aria-expanded', 'false');
  const flip = (event: Event) => {
    event.preventDefault();
    const open = toggle.getAttribute('aria-expanded') !== 'true';
    toggle.setAttribute('aria-expanded', String(open));
    panel.classList.toggle('is-open', open);
  };
  toggle.addEventListener('click', flip);
  // A link answers Enter by itself; a button also answers Space.
  toggle.addEventListener('keydown', (event) => { if (event.key === ' ') flip(event); });
}
