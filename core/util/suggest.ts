// "Did you mean …?" for names users type: breach ids, C_L4 terms, modification types, annotation names.
// Pure string work; callers decide which candidates are in scope.

/** Options for {@link suggest} and {@link suggestAll}. */
export interface SuggestOptions {
  /**
   * The largest edit distance (after normalisation) a candidate may be from the word. Defaults to
   * {@link defaultMaxDistance} of the normalised word's length.
   */
  readonly maxDistance?: number;
  /** At most this many results from {@link suggestAll} (default: all within the distance). */
  readonly limit?: number;
}

/**
 * The form names are compared in: lower case, without `_`, `-` or whitespace. Users write `Strategy-Mutation`,
 * `strategy mutation` or `strategymutation` for `strategy_mutation`; those are the same name to a reader, so they
 * must cost nothing.
 */
export function normalizeName(s: string): string {
  return s.toLowerCase().replace(/[\s_-]+/g, '');
}

/**
 * The default cutoff for a word of `length` normalised characters: about a third of the length, and at least 1.
 * A third keeps short names from matching everything (a 3-letter name tolerates one typo) while letting long ids
 * such as breach slugs survive a dropped word fragment.
 */
export function defaultMaxDistance(length: number): number {
  return Math.max(1, Math.floor(length / 3));
}

/**
 * The Damerau-Levenshtein distance between `a` and `b`: insertions, deletions, substitutions and transpositions of
 * adjacent characters each cost 1. This is the unrestricted variant (a transposed pair may be edited again), so it
 * is a true metric, unlike the simpler "optimal string alignment" distance. Compares code units exactly; normalise
 * first if case should not matter.
 */
export function damerauLevenshtein(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  const rows = a.length + 2;
  const cols = b.length + 2;
  const maxDist = a.length + b.length;
  // d is the (|a|+2) × (|b|+2) table of the Lowrance–Wagner algorithm, flattened; row/column 0 hold the sentinel.
  const d = new Array<number>(rows * cols).fill(0);
  const at = (i: number, j: number): number => i * cols + j;
  d[at(0, 0)] = maxDist;
  for (let i = 0; i <= a.length; i++) {
    d[at(i + 1, 0)] = maxDist;
    d[at(i + 1, 1)] = i;
  }
  for (let j = 0; j <= b.length; j++) {
    d[at(0, j + 1)] = maxDist;
    d[at(1, j + 1)] = j;
  }
  // The last row in which each character of `a` was seen.
  const lastRow = new Map<string, number>();
  for (let i = 1; i <= a.length; i++) {
    let lastMatchCol = 0;
    for (let j = 1; j <= b.length; j++) {
      const i1 = lastRow.get(b[j - 1]) ?? 0;
      const j1 = lastMatchCol;
      let cost = 1;
      if (a[i - 1] === b[j - 1]) {
        cost = 0;
        lastMatchCol = j;
      }
      d[at(i + 1, j + 1)] = Math.min(
        d[at(i, j)] + cost, // substitution (or match)
        d[at(i + 1, j)] + 1, // insertion
        d[at(i, j + 1)] + 1, // deletion
        d[at(i1, j1)] + (i - i1 - 1) + 1 + (j - j1 - 1), // transposition, with the characters between edited
      );
    }
    lastRow.set(a[i - 1], i);
  }
  return d[at(a.length + 1, b.length + 1)];
}

/**
 * Every candidate within the cutoff of `word`, closest first. Ties keep the candidate whose normalised length is
 * nearer the word's, then the candidates' original order, so results are deterministic. A candidate identical to
 * `word` is skipped (suggesting what the user already wrote helps nobody), but one that differs only in case or
 * separators is kept, at distance 0, because that is the likeliest fix. Duplicate candidates appear once.
 */
export function suggestAll(word: string, candidates: Iterable<string>, options: SuggestOptions = {}): string[] {
  const w = normalizeName(word);
  const max = options.maxDistance ?? defaultMaxDistance(w.length);
  const found: { candidate: string; distance: number; lengthGap: number; order: number }[] = [];
  let order = 0;
  for (const candidate of new Set(candidates)) {
    if (candidate === word) continue;
    const c = normalizeName(candidate);
    const lengthGap = Math.abs(c.length - w.length);
    // The distance is at least the length difference, so this skips most candidates without building a table.
    if (lengthGap > max) continue;
    const distance = damerauLevenshtein(w, c);
    if (distance <= max) found.push({ candidate, distance, lengthGap, order: order++ });
  }
  found.sort((x, y) => x.distance - y.distance || x.lengthGap - y.lengthGap || x.order - y.order);
  const ranked = found.map((f) => f.candidate);
  return options.limit === undefined ? ranked : ranked.slice(0, Math.max(0, options.limit));
}

/** The best candidate for `word` (see {@link suggestAll} for the ranking), or undefined when none is close enough. */
export function suggest(word: string, candidates: Iterable<string>, options: SuggestOptions = {}): string | undefined {
  return suggestAll(word, candidates, { ...options, limit: 1 })[0];
}

/** The tail of a diagnostic message: `; did you mean 'x'?` for a suggestion, or "" when there is none. */
export function didYouMean(s?: string): string {
  return s === undefined || s === '' ? '' : `; did you mean '${s}'?`;
}
