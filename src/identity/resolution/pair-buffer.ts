// Scored candidate pairs in growable typed arrays: a full run over 10^5–10^6 records meets millions of
// pairs, and one object per pair would cost an order of magnitude more memory.
export class PairBuffer {
  length = 0;
  a = new Int32Array(1024);
  b = new Int32Array(1024);
  weight = new Float64Array(1024);
  /** blocking rule index; −1 for a pair known only from a human decision */
  rule = new Int8Array(1024);
  /** deterministic rule index + 1; 0 for none */
  det = new Int8Array(1024);

  push(a: number, b: number, weight: number, rule: number, det: number): number {
    if (this.length === this.a.length) this.grow();
    const i = this.length++;
    this.a[i] = a;
    this.b[i] = b;
    this.weight[i] = weight;
    this.rule[i] = rule;
    this.det[i] = det;
    return i;
  }

  private grow(): void {
    const size = this.a.length * 2;
    const copy = <T extends Int32Array | Float64Array | Int8Array>(from: T, to: T): T => {
      to.set(from);
      return to;
    };
    this.a = copy(this.a, new Int32Array(size));
    this.b = copy(this.b, new Int32Array(size));
    this.weight = copy(this.weight, new Float64Array(size));
    this.rule = copy(this.rule, new Int8Array(size));
    this.det = copy(this.det, new Int8Array(size));
  }
}
