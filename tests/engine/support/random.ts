/**
 * A small seeded PRNG for property-style tests: deterministic, no dependencies. Every case
 * gets its own seed, printed when the case fails, so one failure can be replayed alone
 * (`LEADFLOW_SEED=<seed> npx vitest run …` runs only that case).
 */

/** mulberry32: 32 bits of state, good enough to generate test inputs. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Random {
  /** The seed this generator started from. */
  readonly seed: number;
  /** A float in [0, 1). */
  next(): number;
  /** A whole number in [min, max], both included. */
  int(min: number, max: number): number;
  /** True with probability `p`. */
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** A shuffled copy. */
  shuffle<T>(items: readonly T[]): T[];
  /** A random subset (in the original order), of size between `min` and `max`. */
  subset<T>(items: readonly T[], min?: number, max?: number): T[];
}

export function random(seed: number): Random {
  const next = mulberry32(seed);
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const shuffle = <T>(items: readonly T[]): T[] => {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = int(0, i);
      [copy[i], copy[j]] = [copy[j]!, copy[i]!];
    }
    return copy;
  };
  return {
    seed,
    next,
    int,
    chance: (p) => next() < p,
    pick: (items) => {
      if (!items.length) throw new Error('pick from an empty list');
      return items[int(0, items.length - 1)]!;
    },
    shuffle,
    subset(items, min = 0, max = items.length) {
      const size = int(Math.min(min, items.length), Math.min(max, items.length));
      const chosen = new Set(shuffle(items.map((_, i) => i)).slice(0, size));
      return items.filter((_, i) => chosen.has(i));
    },
  };
}

/** The seed of case `index` of a property whose base seed is `base` (a cheap integer hash). */
export function caseSeed(base: number, index: number): number {
  let h = (base ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

/** `LEADFLOW_SEED=123` replays one case of every property with that seed. */
export const replay: number | undefined = typeof process !== 'undefined' && process.env.LEADFLOW_SEED ? Number(process.env.LEADFLOW_SEED) : undefined;

/**
 * Runs `check` on `count` generated cases. `check` gets a generator seeded for the case and
 * a `note` function to record what was generated (printed as JSON only if the case fails). A
 * failing case's error is rethrown with the property's name, the case number, its seed and its notes.
 */
export function forAll(
  name: string,
  base: number,
  count: number,
  check: (rng: Random, note: (label: string, value: unknown) => void) => void,
): number {
  const seeds = replay !== undefined ? [replay] : Array.from({ length: count }, (_, i) => caseSeed(base, i));
  seeds.forEach((seed, i) => {
    // Notes are written out only on failure, so a list noted early shows everything added to it.
    const notes: Array<[string, unknown]> = [];
    const note = (label: string, value: unknown) => void notes.push([label, value]);
    const written = () => notes.map(([label, value]) => `${label}: ${JSON.stringify(value)}`).join('\n');
    try {
      check(random(seed), note);
    } catch (error) {
      const header = `property "${name}" failed on case #${i} (seed ${seed}; replay with LEADFLOW_SEED=${seed})`;
      // Keep the assertion error itself (its expected/actual give vitest's diff); prefix what reproduces it.
      if (error instanceof Error) {
        error.message = `${header}\n${error.message}\n${written()}`;
        throw error;
      }
      throw new Error(`${header}\n${String(error)}\n${written()}`);
    }
  });
  return seeds.length;
}
