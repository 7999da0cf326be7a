/**
 * Seeded randomness for tests that inject faults at random moments: the seed comes from
 * STEPGRAPH_TEST_SEED when set (to replay a failing run) or is drawn fresh, and is printed either
 * way, so that every run can be repeated.
 */
import { seededRandom } from '../../src/asl/driver/in-memory.js';

export interface SeededRandom {
  readonly seed: number;
  /** Uniform in [0, 1). */
  next(): number;
  /** An integer in [min, max]. */
  between(min: number, max: number): number;
  /** One of `items`. */
  pick<T>(items: readonly T[]): T;
}

/** A generator for `label` (named in the printed line). */
export function seededRandomFor(label: string): SeededRandom {
  const fromEnv = Number.parseInt(process.env.STEPGRAPH_TEST_SEED ?? '', 10);
  const seed = Number.isInteger(fromEnv) ? fromEnv : Math.floor(Math.random() * 2 ** 31);
  console.log(`${label}: seed ${seed} (replay with STEPGRAPH_TEST_SEED=${seed})`);
  const next = seededRandom(seed);
  const between = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  return {
    seed,
    next,
    between,
    pick: <T>(items: readonly T[]) => {
      if (items.length === 0) throw new Error('pick() from nothing');
      return items[between(0, items.length - 1)] as T;
    },
  };
}
