/**
 * Dates and times as people read them here (Danish, Copenhagen time): in pages and in the services' messages.
 * The formatters are marked pure so that a browser bundle that imports none of them carries none.
 */
const dateTime = /* @__PURE__ */ new Intl.DateTimeFormat('da-DK', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Copenhagen' });
const longDate = /* @__PURE__ */ new Intl.DateTimeFormat('da-DK', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const dateOnly = /* @__PURE__ */ new Intl.DateTimeFormat('da-DK', { dateStyle: 'medium', timeZone: 'Europe/Copenhagen' });

export const formatDateTime = (iso: string) => dateTime.format(new Date(iso));
/** A day as a Danish reader writes it out: "15. juli 2027". */
export const formatDate = (isoDate: string) => longDate.format(new Date(`${isoDate.slice(0, 10)}T00:00:00Z`));
export const formatDay = (iso: string) => dateOnly.format(new Date(iso.length === 10 ? `${iso}T12:00:00Z` : iso));
