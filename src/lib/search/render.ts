/**
 * HTML for search results and facets. Used by the server-rendered search page and by the browser when it
 * updates results as one types, so both always look the same. Every value is escaped.
 */
import { offerPath, taskTypePath, SEARCH_PATH } from '../../consts.ts';
import { FORMATS, taskTypeById } from '../../../core/catalogue/taxonomy.ts';
import { FACETS, FREE_SEATS_PARAM, capacityUncertain, toQueryString, type FacetResult, type SearchDoc, type SearchOutcome } from '../../../core/catalogue/search/engine.ts';
import { describeConfirmation, describeSeats, type SeatSummary } from '../../../core/catalogue/search/seats.ts';
import { tokenize } from '../../../core/catalogue/search/text.ts';

const esc = (text: string | number) =>
  String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * For professionals (signed in): mark offers whose seat figures are uncertain, as of `today`; with `seats`,
 * show each offer's free seats and when they were confirmed; with `mayRefer`, a "Henvis" link per offer.
 */
export interface HitMarks {
  today: string;
  capacityStaleDays: number;
  seats?: Readonly<Record<string, SeatSummary>>;
  mayRefer?: boolean;
}

export const referralPath = (slug: string) => `${offerPath(slug)}/henvis`;

/** Free seats, when they were confirmed, and the caseworker's shortcut to the referral form. */
function renderSeats(doc: SearchDoc, seats: SeatSummary, marks: HitMarks): string {
  const confirmed = describeConfirmation(seats, marks.today, marks.capacityStaleDays);
  const refer = marks.mayRefer && seats.referrable
    ? `<a class="button button-secondary result-refer" href="${esc(referralPath(doc.slug))}" data-refer>Henvis<span class="sr-only"> borger til ${esc(doc.title)}</span></a>`
    : '';
  return `<div class="result-seats" data-seats>
  <p><strong class="${seats.free > 0 ? 'result-seats-free' : 'result-seats-none'}">${esc(describeSeats(seats, marks.today))}</strong>
  <span class="result-seats-confirmed">${confirmed.uncertain ? '<span class="status-tag status-warning">Usikre pladstal</span> ' : ''}${esc(confirmed.text)}</span></p>${refer}
</div>`;
}

const formatDay = (iso: string) => {
  const [y, m, d] = iso.split('-');
  return `${Number(d)}.${Number(m)}.${y}`;
};

export function renderHit(doc: SearchDoc, providers: Record<string, string>, headingLevel = 3, marks?: HitMarks): string {
  const taskType = taskTypeById(doc.taskType);
  const h = `h${headingLevel}`;
  const seats = marks?.seats?.[doc.slug];
  const uncertain = seats ? renderSeats(doc, seats, marks!) : marks && capacityUncertain(doc, marks.today, marks.capacityStaleDays)
    ? `<p class="result-uncertain"><span class="status-tag status-warning">Usikre pladstal</span> ${doc.capacityConfirmedOn
      ? `Pladserne er senest bekræftet ${esc(formatDay(doc.capacityConfirmedOn))}` : 'Pladserne er aldrig bekræftet af udbyderen'}</p>`
    : '';
  return `<li class="result-item">
  <${h}><a href="${esc(offerPath(doc.slug))}">${esc(doc.title)}</a></${h}>
  <p class="result-meta">${esc(providers[doc.provider] ?? doc.provider)}${taskType ? ` · <a href="${esc(taskTypePath(taskType.slug))}">${esc(taskType.label)}</a>` : ''}</p>
  <p>${esc(doc.summary)}</p>
  <ul class="tag-list unstyled-list" aria-label="Form">${doc.format.map((f) => `<li><span class="chip">${esc(FORMATS.labels[f as keyof typeof FORMATS.labels] ?? f)}</span></li>`).join('')}</ul>${uncertain}
</li>`;
}

export function renderHitList(docs: readonly SearchDoc[], providers: Record<string, string>, headingLevel = 3, marks?: HitMarks): string {
  return `<ul class="result-list unstyled-list no-max-width">${docs.map((d) => renderHit(d, providers, headingLevel, marks)).join('')}</ul>`;
}

export function renderStatus(outcome: SearchOutcome): string {
  const { total, params } = outcome;
  const noun = total === 1 ? 'tilbud' : 'tilbud';
  const what = params.q ? ` for »${esc(params.q)}«` : '';
  const filterCount = Object.values(params.filters).reduce((n, v) => n + v.length, 0) + (params.freeSeats ? 1 : 0);
  const filters = filterCount ? ` med ${filterCount} ${filterCount === 1 ? 'filter' : 'filtre'}` : '';
  return `${total} ${noun}${what}${filters}`;
}

/** »angst«, »angst« og »unge«, »a«, »b« og »c«. */
const quotedList = (words: readonly string[]) => {
  const quoted = words.map((w) => `»${esc(w)}«`);
  return quoted.length > 1 ? `${quoted.slice(0, -1).join(', ')} og ${quoted.at(-1)}` : quoted.join('');
};

export function renderResults(outcome: SearchOutcome, providers: Record<string, string>, marks?: HitMarks): string {
  if (outcome.total) return renderHitList(outcome.hits, providers, 3, marks) + renderPagination(outcome);
  const { q, filters } = outcome.params;
  const hasFilters = Object.keys(filters).length > 0 || Boolean(outcome.params.freeSeats);
  // Some of the words match: say so, and show those offers rather than an empty page.
  if (outcome.suggestions.length) {
    return `<div class="alert alert-info" role="status"><div class="alert-body">
  <p class="alert-heading">Ingen tilbud matcher ${tokenize(q).length > 1 ? 'alle ordene' : `»${esc(q)}«`}${hasFilters ? ' med de valgte filtre' : ''}. Viser tilbud, der matcher ${quotedList(outcome.suggestedFor)}.</p>
</div></div>${renderHitList(outcome.suggestions, providers, 3, marks)}`;
  }
  return `<div class="alert alert-info" role="status"><div class="alert-body">
  <p class="alert-heading">Ingen tilbud matcher ${q ? `»${esc(q)}«` : 'dit valg'}${hasFilters ? ' med de valgte filtre' : ''}.</p>
  <ul class="alert-text">
    <li>Prøv et kortere eller mere almindeligt ord, fx »stress«, »rygestop« eller »motion«.</li>
    ${hasFilters ? `<li><a href="${esc(SEARCH_PATH + toQueryString({ q, filters: {} }))}">Søg uden filtre</a></li>` : ''}
    <li>Se <a href="/#opgavetyper">alle opgavetyper</a>.</li>
  </ul>
</div></div>`;
}

function renderPagination(outcome: SearchOutcome): string {
  return renderPageNav(outcome.params.page, outcome.pages, (p) => SEARCH_PATH + toQueryString({ ...outcome.params, page: p }));
}

/** "Side 2 af 5" with links to the pages before and after; nothing when there is one page. */
export function renderPageNav(page: number, pages: number, hrefOf: (page: number) => string): string {
  if (pages <= 1) return '';
  const link = (p: number, label: string, rel: string) => `<a href="${esc(hrefOf(p))}" rel="${rel}">${label}</a>`;
  return `<nav class="mt-6" aria-label="Sider"><p>Side ${page} af ${pages}</p><p>
  ${page > 1 ? link(page - 1, 'Forrige side', 'prev') : ''}
  ${page < pages ? link(page + 1, 'Næste side', 'next') : ''}</p></nav>`;
}

export function renderFacets(facets: readonly FacetResult[]): string {
  return facets.filter((f) => f.options.length).map((facet) => {
    const anySelected = facet.options.some((o) => o.selected);
    const options = facet.options.map((o) => {
      const id = `f-${facet.param}-${o.value}`;
      return `<div class="form-group-checkbox facet-option"><input class="form-checkbox" type="checkbox" id="${esc(id)}" name="${esc(facet.param)}" value="${esc(o.value)}"${o.selected ? ' checked' : ''}>
<label class="form-label" for="${esc(id)}">${esc(o.label)} <span class="facet-count">(${o.count}<span class="sr-only"> tilbud</span>)</span></label></div>`;
    }).join('');
    return `<details${anySelected || facet.param === 'opgavetype' ? ' open' : ''} data-facet="${esc(facet.param)}"><summary>${esc(facet.label)}</summary>
<fieldset><legend class="sr-only">${esc(facet.label)}</legend>${options}</fieldset></details>`;
  }).join('');
}

/** The free-seats filter's label, in the filter panel and on its chip. */
export const FREE_SEATS_LABEL = 'Har ledige pladser';

/**
 * The chosen filters above the results, each a link to the same search without it (so it works without
 * JavaScript; instant search unticks the filter instead), and one link that clears them all.
 */
export function renderChosenFilters(outcome: SearchOutcome): string {
  const { params } = outcome;
  const href = (next: Partial<typeof params>) => esc(SEARCH_PATH + toQueryString({ ...params, ...next, page: 1 }));
  const chips: string[] = [];
  for (const facet of outcome.facets) {
    const key = FACETS.find((f) => f.param === facet.param)?.key;
    if (!key) continue;
    for (const option of facet.options.filter((o) => o.selected)) {
      const filters = { ...params.filters, [key]: (params.filters[key] ?? []).filter((v) => v !== option.value) };
      chips.push(chip(href({ filters }), option.label, `${facet.param}=${option.value}`));
    }
  }
  if (params.freeSeats) chips.push(chip(href({ freeSeats: false }), FREE_SEATS_LABEL, `${FREE_SEATS_PARAM}=ja`));
  if (!chips.length) return '';
  const clearAll = `<li><a class="chosen-filters-clear" href="${href({ filters: {}, freeSeats: false })}" data-remove-filter="*">Ryd alle filtre</a></li>`;
  return `<ul class="chosen-filters unstyled-list no-max-width" aria-label="Valgte filtre">${chips.join('')}${clearAll}</ul>`;
}

function chip(href: string, label: string, filter: string): string {
  return `<li><a class="chosen-filter" href="${href}" data-remove-filter="${esc(filter)}"><span class="sr-only">Fjern filter: </span>${esc(label)} <span aria-hidden="true">×</span></a></li>`;
}
