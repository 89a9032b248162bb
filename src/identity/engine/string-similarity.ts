// String similarity for name, street and city comparisons. Both functions run
// once or twice per candidate pair on short strings, so they avoid allocation:
// the match flags and DP rows live in scratch buffers that grow on demand.
// (Module-level scratch is safe because the functions are synchronous.)

// Match flags hold the call's stamp instead of 1, so they never need clearing.
let flagsA = new Int32Array(64);
let flagsB = new Int32Array(64);
let stamp = 0;

function nextStamp(la: number, lb: number): number {
  if (flagsA.length < la || flagsB.length < lb || stamp === 0x7fffffff) {
    flagsA = new Int32Array(Math.max(flagsA.length, la * 2));
    flagsB = new Int32Array(Math.max(flagsB.length, lb * 2));
    stamp = 0;
  }
  return ++stamp;
}

/** Jaro similarity in [0, 1]; 1 for two empty strings. */
export function jaro(a: string, b: string): number {
  const la = a.length;
  const lb = b.length;
  if (la === 0 || lb === 0) return la === lb ? 1 : 0;
  if (a === b) return 1;
  const mark = nextStamp(la, lb);
  const window = Math.max(0, (Math.max(la, lb) >> 1) - 1);
  let matches = 0;
  for (let i = 0; i < la; i++) {
    const lo = Math.max(0, i - window);
    const hi = Math.min(lb - 1, i + window);
    const c = a.charCodeAt(i);
    for (let j = lo; j <= hi; j++) {
      if (flagsB[j] !== mark && b.charCodeAt(j) === c) {
        flagsA[i] = mark;
        flagsB[j] = mark;
        matches++;
        break;
      }
    }
  }
  if (matches === 0) return 0;
  let halfTranspositions = 0;
  for (let i = 0, j = 0; i < la; i++) {
    if (flagsA[i] !== mark) continue;
    while (flagsB[j] !== mark) j++;
    if (a.charCodeAt(i) !== b.charCodeAt(j)) halfTranspositions++;
    j++;
  }
  const m = matches;
  return (m / la + m / lb + (m - (halfTranspositions >> 1)) / m) / 3;
}

/**
 * Jaro-Winkler with the usual constants: common prefix up to 4 characters,
 * scaling 0.1, boost only above a Jaro score of 0.7 (Winkler's threshold, so
 * a shared first letter cannot lift two unrelated names).
 */
export function jaroWinkler(a: string, b: string): number {
  const j = jaro(a, b);
  if (j <= 0.7) return j;
  const limit = Math.min(4, a.length, b.length);
  let prefix = 0;
  while (prefix < limit && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  return j + prefix * 0.1 * (1 - j);
}

let rowPrev2 = new Int32Array(64);
let rowPrev = new Int32Array(64);
let rowCur = new Int32Array(64);

/**
 * Edit distance bounded by `max`: returns the distance when it is at most
 * `max`, otherwise `max + 1`. With `transpositions` (the default) an adjacent
 * swap counts as one edit (optimal string alignment, "Damerau"); without, it
 * is plain Levenshtein. Stops as soon as a whole row exceeds the bound.
 */
export function editDistance(a: string, b: string, max: number, transpositions = true): number {
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > max) return max + 1;
  if (a === b) return 0;
  if (la === 0 || lb === 0) return Math.max(la, lb);
  if (rowCur.length <= lb) {
    rowPrev2 = new Int32Array(lb * 2 + 1);
    rowPrev = new Int32Array(lb * 2 + 1);
    rowCur = new Int32Array(lb * 2 + 1);
  }
  for (let j = 0; j <= lb; j++) rowPrev[j] = j;
  for (let i = 1; i <= la; i++) {
    rowCur[0] = i;
    let rowMin = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= lb; j++) {
      const cb = b.charCodeAt(j - 1);
      const cost = ca === cb ? 0 : 1;
      let d = Math.min(rowPrev[j]! + 1, rowCur[j - 1]! + 1, rowPrev[j - 1]! + cost);
      if (transpositions && i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb) {
        d = Math.min(d, rowPrev2[j - 2]! + 1);
      }
      rowCur[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > max) return max + 1;
    const t = rowPrev2;
    rowPrev2 = rowPrev;
    rowPrev = rowCur;
    rowCur = t;
  }
  const d = rowPrev[lb]!;
  return d > max ? max + 1 : d;
}

/**
 * True when a and b differ by at most one insertion, deletion, substitution or
 * adjacent swap. Linear: the common prefix and suffix must cover all but the edit.
 */
export function withinOneEdit(a: string, b: string): boolean {
  const la = a.length;
  const lb = b.length;
  if (la - lb > 1 || lb - la > 1) return false;
  if (a === b) return true;
  const shorter = Math.min(la, lb);
  let p = 0;
  while (p < shorter && a.charCodeAt(p) === b.charCodeAt(p)) p++;
  let s = 0;
  while (s < shorter - p && a.charCodeAt(la - 1 - s) === b.charCodeAt(lb - 1 - s)) s++;
  if (p + s >= Math.max(la, lb) - 1) return true;
  return (
    la === lb &&
    p + s === la - 2 &&
    a.charCodeAt(p) === b.charCodeAt(p + 1) &&
    a.charCodeAt(p + 1) === b.charCodeAt(p)
  );
}
