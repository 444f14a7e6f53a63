/**
 * On a phone the search filters wait behind a button, so the results come first. Without JavaScript the
 * button stays hidden and the filters show after the results (site.css); on a desktop the filters are the
 * left column and the button is never shown.
 */
export function startFilterToggle(): void {
  const layout = document.querySelector<HTMLElement>('[data-search-layout]');
  const button = layout?.querySelector<HTMLButtonElement>('[data-filter-toggle]');
  const panel = button && document.getElementById(button.getAttribute('aria-controls') ?? '');
  if (!layout || !button || !panel) return;
  layout.classList.add('filters-collapsible');
  button.hidden = false;
  button.addEventListener('click', () => {
    const open = button.getAttribute('aria-expanded') !== 'true';
    button.setAttribute('aria-expanded', String(open));
    panel.classList.toggle('is-open', open);
  });
}
