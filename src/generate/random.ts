/**
 * Seeded pseudo-random numbers for the sample generator.
 *
 * sfc32 (Chris Doty-Humphrey's "small fast counting" generator, public domain) seeded through
 * splitmix32. Everything the generator draws goes through an `Rng`, never `Math.random`, so the
 * same seed gives the same bytes on every machine and Node version.
 */

/** Fold any JS number (negative, > 2^32, fractional) into a 32-bit unsigned seed. */
export function seedToU32(seed: number): number {
  if (!Number.isFinite(seed)) throw new RangeError(`seed must be a finite number, got ${seed}`);
  const whole = Math.trunc(seed);
  const lo = whole >>> 0;
  const hi = Math.floor(whole / 4294967296) >>> 0;
  return (lo ^ Math.imul(hi ^ (hi >>> 15), 0x2c1b3c6d) ^ (seed < 0 ? 0xa5a5a5a5 : 0)) >>> 0;
}

/** One splitmix32 step from `state`; used to spread seeds. */
export function mix32(state: number): number {
  let z = (state + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** FNV-1a over a string: stable 32-bit hash for naming streams. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** `stream` picks an independent sequence for the same seed (e.g. one per output format). */
  constructor(seed: number, stream: number | string = 0) {
    const streamHash = typeof stream === 'string' ? hashString(stream) : stream >>> 0;
    let s = seedToU32(seed) ^ Math.imul(streamHash ^ 0x5bd1e995, 0x27d4eb2d);
    s = mix32(s); this.a = s;
    s = mix32(s); this.b = s;
    s = mix32(s); this.c = s;
    s = mix32(s); this.d = s;
    for (let i = 0; i < 15; i++) this.u32();
  }

  /** Uniform unsigned 32-bit integer. */
  u32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform float in [0, 1). */
  next(): number {
    return this.u32() / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Uniform integer in [lo, hi] (both inclusive). */
  range(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** Eight lowercase hex digits. */
  hex8(): string {
    return this.u32().toString(16).padStart(8, '0');
  }

  /** Fisher-Yates in place. */
  shuffle<T extends { length: number; [i: number]: unknown }>(items: T): T {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const tmp = items[i];
      items[i] = items[j];
      items[j] = tmp;
    }
    return items;
  }

  /** Exponentially distributed value with the given mean. */
  exponential(mean: number): number {
    return -Math.log(1 - this.next()) * mean;
  }
}

/** Weighted choice over indices 0..n-1 with a cumulative table and binary search. */
export class WeightedPicker {
  private readonly cumulative: Float64Array;

  constructor(weights: readonly number[]) {
    if (weights.length === 0) throw new RangeError('WeightedPicker needs at least one weight');
    this.cumulative = new Float64Array(weights.length);
    let total = 0;
    for (let i = 0; i < weights.length; i++) {
      const w = weights[i] as number;
      if (!(w >= 0)) throw new RangeError(`weight ${i} is not a non-negative number: ${w}`);
      total += w;
      this.cumulative[i] = total;
    }
    if (total <= 0) throw new RangeError('WeightedPicker needs a positive total weight');
    for (let i = 0; i < weights.length; i++) this.cumulative[i] = (this.cumulative[i] as number) / total;
    this.cumulative[weights.length - 1] = 1;
  }

  get size(): number {
    return this.cumulative.length;
  }

  pick(rng: Rng): number {
    const u = rng.next();
    const c = this.cumulative;
    let lo = 0;
    let hi = c.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (u < (c[mid] as number)) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}

/** Weighted choice over a list of values. */
export class WeightedList<T> {
  private readonly picker: WeightedPicker;

  constructor(private readonly entries: ReadonlyArray<readonly [T, number]>) {
    this.picker = new WeightedPicker(entries.map((e) => e[1]));
  }

  pick(rng: Rng): T {
    return (this.entries[this.picker.pick(rng)] as readonly [T, number])[0];
  }
}
