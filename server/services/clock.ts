/** Time in one place, so tests and stored timestamps agree: ISO-8601 UTC instants and YYYY-MM-DD dates. */
export const nowIso = () => new Date().toISOString();
export const todayIso = () => nowIso().slice(0, 10);
export const addDays = (isoDate: string, days: number) =>
  new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
