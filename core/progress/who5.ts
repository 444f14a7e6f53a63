/**
 * WHO-5 Well-Being Index (Danish version): five statements about the last two weeks, each scored 0–5.
 * The raw sum (0–25) × 4 gives 0–100; 50 or below suggests reduced well-being, 28 or below possible depression.
 */
export const WHO5_ITEMS = [
  'Jeg har været glad og i godt humør',
  'Jeg har følt mig rolig og afslappet',
  'Jeg har følt mig aktiv og energisk',
  'Jeg er vågnet frisk og udhvilet',
  'Min dagligdag har været fyldt med ting, der interesserer mig',
] as const;

export const WHO5_ANSWERS = [
  { value: 5, label: 'Hele tiden' },
  { value: 4, label: 'Det meste af tiden' },
  { value: 3, label: 'Lidt mere end halvdelen af tiden' },
  { value: 2, label: 'Lidt mindre end halvdelen af tiden' },
  { value: 1, label: 'Lidt af tiden' },
  { value: 0, label: 'På intet tidspunkt' },
] as const;

export const WHO5_PHASE_LABELS = { start: 'Ved start', end: 'Ved afslutning' } as const;

export function who5Score(items: readonly number[]): number {
  if (items.length !== 5 || items.some((v) => !Number.isInteger(v) || v < 0 || v > 5)) {
    throw new RangeError('WHO-5 has five items scored 0–5');
  }
  return items.reduce((sum, v) => sum + v, 0) * 4;
}

export function who5Interpretation(score: number): string {
  if (score <= 28) return 'Meget lav trivsel – tal med borgeren om at kontakte egen læge';
  if (score <= 50) return 'Nedsat trivsel';
  return 'God trivsel';
}
