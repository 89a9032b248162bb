// Scored candidate pairs in chunked typed arrays: a full run over 10^5–10^6 records meets millions of
// pairs; one object per pair would cost an order of magnitude more memory, and chunks (unlike one
// array doubled on growth) never hold two copies at once. A thread reuses one buffer for range after
// range (clear): a new buffer per range allocated a 1.2 MB chunk, 128 of them per full run, and V8 starts a
// full collection after every 64 MB of new ArrayBuffers.
const CHUNK_BITS = 16;
const CHUNK = 1 << CHUNK_BITS;
const MASK = CHUNK - 1;

type Typed = Int32Array | Float64Array | Int8Array;

class Column<T extends Typed> {
  private readonly chunks: T[] = [];
  constructor(private readonly make: (size: number) => T) {}
  /** The first `length` values as one array (to send to another thread). */
  flat(length: number): T {
    const out = this.make(length);
    for (let k = 0; k * CHUNK < length; k++) out.set(this.chunks[k]!.subarray(0, Math.min(CHUNK, length - k * CHUNK)), k * CHUNK);
    return out;
  }
  get(i: number): number {
    return this.chunks[i >>> CHUNK_BITS]![i & MASK]!;
  }
  set(i: number, value: number): void {
    const k = i >>> CHUNK_BITS;
    if (k === this.chunks.length) this.chunks.push(this.make(CHUNK));
    this.chunks[k]![i & MASK] = value;
  }
}

export interface FlatWeakPairs {
  a: Int32Array;
  b: Int32Array;
  weight: Float64Array;
}

export interface FlatPairs extends FlatWeakPairs {
  rule: Int8Array;
  det: Int8Array;
  forced: Int8Array;
}

/** The buffers of flat pairs, to transfer rather than copy. */
export function buffersOf(p: FlatWeakPairs | FlatPairs): ArrayBuffer[] {
  return Object.values(p).map((column: Typed) => column.buffer as ArrayBuffer);
}

/** Pairs that may decide something: at or above the review threshold, deterministic or human-decided. */
export class PairBuffer {
  length = 0;
  /** Empties the buffer, keeping its chunks for the next pairs (a thread scores range after range). */
  clear(): void {
    this.length = 0;
  }
  private readonly as = new Column((n) => new Int32Array(n));
  private readonly bs = new Column((n) => new Int32Array(n));
  private readonly weights = new Column((n) => new Float64Array(n));
  /** blocking rule index; −1 for a pair known only from a human decision */
  private readonly rules = new Column((n) => new Int8Array(n));
  /** deterministic rule index + 1; 0 for none */
  private readonly dets = new Column((n) => new Int8Array(n));
  /** 0 none, 1 link, 2 split */
  private readonly forcedKinds = new Column((n) => new Int8Array(n));

  push(a: number, b: number, weight: number, rule: number, det: number, forced: 'link' | 'split' | undefined): number {
    const i = this.length++;
    this.as.set(i, a);
    this.bs.set(i, b);
    this.weights.set(i, weight);
    this.rules.set(i, rule);
    this.dets.set(i, det);
    this.forcedKinds.set(i, forced === 'link' ? 1 : forced === 'split' ? 2 : 0);
    return i;
  }
  /** The pairs as flat arrays, to send to another thread (their buffers can be transferred). */
  flat(): FlatPairs {
    const n = this.length;
    return { a: this.as.flat(n), b: this.bs.flat(n), weight: this.weights.flat(n), rule: this.rules.flat(n), det: this.dets.flat(n), forced: this.forcedKinds.flat(n) };
  }
  /** Appends pairs another thread scored (flat()), in their order. */
  pushFlat(p: FlatPairs): void {
    for (let i = 0; i < p.a.length; i++) {
      const k = p.forced[i]!;
      this.push(p.a[i]!, p.b[i]!, p.weight[i]!, p.rule[i]!, p.det[i]!, k === 1 ? 'link' : k === 2 ? 'split' : undefined);
    }
  }
  a(i: number): number {
    return this.as.get(i);
  }
  b(i: number): number {
    return this.bs.get(i);
  }
  weight(i: number): number {
    return this.weights.get(i);
  }
  rule(i: number): number {
    return this.rules.get(i);
  }
  det(i: number): number {
    return this.dets.get(i);
  }
  forced(i: number): 'link' | 'split' | undefined {
    const k = this.forcedKinds.get(i);
    return k === 1 ? 'link' : k === 2 ? 'split' : undefined;
  }
}

/**
 * Pairs below the review threshold with no rule or decision: they never merge anything, but inside a
 * component they still count in a merge's cross-pair checks (mean evidence, conflicts). Only the
 * weight is kept; conflicts are recomputed for the few that end up inside a component.
 */
export class WeakPairs {
  length = 0;
  /** Empties the buffer, keeping its chunks. */
  clear(): void {
    this.length = 0;
  }
  private readonly as = new Column((n) => new Int32Array(n));
  private readonly bs = new Column((n) => new Int32Array(n));
  private readonly weights = new Column((n) => new Float64Array(n));

  push(a: number, b: number, weight: number): void {
    const i = this.length++;
    this.as.set(i, a);
    this.bs.set(i, b);
    this.weights.set(i, weight);
  }
  flat(): FlatWeakPairs {
    const n = this.length;
    return { a: this.as.flat(n), b: this.bs.flat(n), weight: this.weights.flat(n) };
  }
  pushFlat(p: FlatWeakPairs): void {
    for (let i = 0; i < p.a.length; i++) this.push(p.a[i]!, p.b[i]!, p.weight[i]!);
  }
  a(i: number): number {
    return this.as.get(i);
  }
  b(i: number): number {
    return this.bs.get(i);
  }
  weight(i: number): number {
    return this.weights.get(i);
  }
}
