// The records of one file already read, to tell an export that holds an id twice (often a bad join). A file
// may hold millions of records and is read in the memory of one, so keys are kept as 64-bit hashes in a
// typed array (11 to 21 bytes a record), not as strings; two ids share a hash with odds of about n²/2^65.
import { createHash } from 'node:crypto';

export class SeenKeys {
  private slots = new Uint32Array(2 * 1024);
  private size = 0;

  /** Adds the key; false when it was there already. */
  add(key: string): boolean {
    const digest = createHash('sha1').update(key).digest();
    const hi = digest.readUInt32LE(0);
    const lo = digest.readUInt32LE(4) || 1; // (0, 0) marks an empty slot
    if (this.insert(this.slots, hi, lo) === false) return false;
    this.size += 1;
    if (this.size * 8 > this.slots.length * 3) this.grow(); // at most three slots in four taken
    return true;
  }

  private insert(slots: Uint32Array, hi: number, lo: number): boolean {
    const mask = slots.length / 2 - 1;
    for (let i = (hi ^ lo) & mask; ; i = (i + 1) & mask) {
      const a = slots[2 * i]!;
      const b = slots[2 * i + 1]!;
      if (a === 0 && b === 0) {
        slots[2 * i] = hi;
        slots[2 * i + 1] = lo;
        return true;
      }
      if (a === hi && b === lo) return false;
    }
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Uint32Array(old.length * 2);
    for (let i = 0; i < old.length; i += 2) if (old[i] !== 0 || old[i + 1] !== 0) this.insert(this.slots, old[i]!, old[i + 1]!);
  }
}
