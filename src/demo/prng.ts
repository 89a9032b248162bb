// Seeded randomness for the demo generator. Never Math.random: the same seed
// must give byte-identical output.

import { mulberry32 as sharedMulberry32 } from '../shared/random';

export type Rng = () => number;

/** mulberry32, shared with the identity engine. */
export const mulberry32: (seed: number) => Rng = sharedMulberry32;

/** Mixes integers into one 32-bit seed (murmur3 finaliser per part). */
export function mixSeed(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const part of parts) {
    h ^= part >>> 0;
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h >>> 0;
}

/** An independent stream per (seed, purpose, index) so that parts of the output do not shift each other. */
export function rngFor(...parts: number[]): Rng {
  return mulberry32(mixSeed(...parts));
}

/** Integer in [min, max], both inclusive. */
export function int(rng: Rng, min: number, max: number): number {
  return min + Math.floor(rng() * (max - min + 1));
}

export function chance(rng: Rng, p: number): boolean {
  return rng() < p;
}

export function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)];
}

/** Picks by weight from [value, weight] pairs; cumulative table + binary search. */
export class Weighted<T> {
  private readonly values: T[];
  private readonly cumulative: number[];

  constructor(entries: readonly (readonly [T, number])[]) {
    this.values = entries.map(([value]) => value);
    let total = 0;
    this.cumulative = entries.map(([, weight]) => (total += weight));
  }

  pick(rng: Rng): T {
    const target = rng() * this.cumulative[this.cumulative.length - 1];
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cumulative[mid] > target) hi = mid;
      else lo = mid + 1;
    }
    return this.values[lo];
  }
}

/** Shorthand for a weighted pick from an inline table. */
export function weighted<T>(rng: Rng, entries: readonly (readonly [T, number])[]): T {
  return new Weighted(entries).pick(rng);
}
