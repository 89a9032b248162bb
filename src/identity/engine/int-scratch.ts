// Int32Array temporaries reused from one build to the next (one rule family's blocks, then the next
// family's). V8 counts every new ArrayBuffer as external memory and starts a full collection after each
// 64 MB of it ("external memory pressure"), whether or not the old buffers are still used. At 10^6 records
// one family's temporaries came to hundreds of MB, and each of those collections traced the whole heap of
// match records: about a second each.

/** Named Int32Array buffers, each grown when asked for more and otherwise reused. */
export class IntScratch {
  private readonly buffers = new Map<string, Int32Array>();

  /** `length` ints of buffer `name`: what an earlier use left there, or all `fill` when given. */
  ints(name: string, length: number, fill?: number): Int32Array {
    const view = this.grow(name, length, 0).subarray(0, length);
    if (fill !== undefined) view.fill(fill);
    return view;
  }

  /** An empty list that grows in buffer `name`. */
  list(name: string, capacity = 1024): IntList {
    return new IntList((length, keep) => this.grow(name, length, keep), capacity);
  }

  /** Buffer `name`, at least `length` long; when it must grow, its first `keep` ints are kept. */
  private grow(name: string, length: number, keep: number): Int32Array {
    const buffer = this.buffers.get(name);
    if (buffer && buffer.length >= length) return buffer;
    // by half again at least, so that a list pushed past its buffer does not grow it by one each time
    const grown = new Int32Array(Math.max(length, Math.ceil((buffer?.length ?? 0) * 1.5)));
    if (buffer && keep > 0) grown.set(buffer.subarray(0, keep));
    this.buffers.set(name, grown);
    return grown;
  }
}

/** A growable Int32Array; `values` holds the pushed ints in `[0, length)` and is replaced when it grows. */
export class IntList {
  values: Int32Array;
  length = 0;

  /** `grow`: a buffer of at least `length` ints holding the list's first `keep` (IntScratch.list). */
  constructor(
    private readonly grow: (length: number, keep: number) => Int32Array,
    capacity: number,
  ) {
    this.values = grow(capacity, 0);
  }

  push(v: number): void {
    // at least one more: a list made with no room (a rule without entries) still grows
    if (this.length === this.values.length) this.values = this.grow(Math.max(16, this.length * 2), this.length);
    this.values[this.length++] = v;
  }

  /** A copy of the pushed ints, of their length (the list's buffer may be reused). */
  done(): Int32Array {
    return this.values.slice(0, this.length);
  }
}
