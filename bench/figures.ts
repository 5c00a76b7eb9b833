// What every bench prints and how it summarises samples: one JSON line per figure, {name, value, unit}, and the
// percentiles and medians the figures are.

/** Prints one figure. Counts and sizes print exactly; measurements to four significant digits (more than their noise). */
export function emit(name: string, value: number | null, unit: string, extra: Record<string, unknown> = {}): void {
  const v = value === null || Number.isInteger(value) ? value : Number(value.toPrecision(4));
  console.log(JSON.stringify({ name, value: v, unit, ...extra }));
}

/** The `p`th percentile (nearest rank) of some samples. */
export function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** The median of some samples (the mean of the middle two for an even count). */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}
