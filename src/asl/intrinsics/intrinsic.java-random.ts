/**
 * Java's `java.util.Random`: the 48-bit linear congruential generator every JVM implements the same
 * way. A seeded `States.MathRandom` must give the same number on every run; AWS's interpreter is
 * Java, so a seed drawn through this generator is the closest match to AWS we can make.
 */

const MULTIPLIER = 0x5deece66dn;
const ADDEND = 0xbn;
const MASK_48_BITS = (1n << 48n) - 1n;
const INT32_MAX = 0x7fffffff;

/** A `java.util.Random` created with `new Random(seed)`. */
export class JavaRandom {
  private state: bigint;

  constructor(seed: number) {
    this.state = (BigInt(seed) ^ MULTIPLIER) & MASK_48_BITS;
  }

  /** `Random.next(bits)`: the next `bits` pseudo-random bits, as a signed 32-bit int. */
  private next(bits: number): number {
    this.state = (this.state * MULTIPLIER + ADDEND) & MASK_48_BITS;
    return Number(BigInt.asIntN(32, this.state >> BigInt(48 - bits)));
  }

  /** `Random.nextInt()`: any 32-bit int. */
  nextInt(): number {
    return this.next(32);
  }

  /** `Random.nextInt(bound)`: uniform in [0, bound), for 0 < bound <= 2^31 - 1. */
  nextIntBelow(bound: number): number {
    if ((bound & -bound) === bound) {
      return Number((BigInt(bound) * BigInt(this.next(31))) >> 31n);
    }
    // Java rejects a draw from the last, incomplete block of `bound` values (detected there as int
    // overflow of bits - value + bound - 1) so that every result stays equally likely.
    for (;;) {
      const bits = this.next(31);
      const value = bits % bound;
      if (bits - value + (bound - 1) <= INT32_MAX) return value;
    }
  }
}
