// A small seeded pseudo-random generator (mulberry32) so demo and benchmark data are reproducible.

export interface Prng {
  /** A float in [0, 1). */
  next(): number
  /** An integer in [min, max], both ends included. */
  int(min: number, max: number): number
  pick<T>(items: readonly T[]): T
  /** Picks from [item, weight] pairs; weights need not sum to 1. */
  weighted<T>(pairs: readonly (readonly [T, number])[]): T
  /** True with probability p. */
  chance(p: number): boolean
}

export function createPrng(seed: number): Prng {
  let state = seed >>> 0
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1))
  return {
    next,
    int,
    pick: (items) => items[Math.floor(next() * items.length)],
    weighted: (pairs) => weightedPick(pairs, next()),
    chance: (p) => next() < p,
  }
}

function weightedPick<T>(pairs: readonly (readonly [T, number])[], r: number): T {
  let total = 0
  for (const [, w] of pairs) total += w
  let target = r * total
  for (const [item, w] of pairs) {
    target -= w
    if (target < 0) return item
  }
  return pairs[pairs.length - 1][0]
}

/** Combines two integers into a well-spread 32-bit seed (murmur3 finaliser). */
export function mixSeed(a: number, b: number): number {
  let h = (Math.imul(a >>> 0, 0x9e3779b1) ^ (b >>> 0)) >>> 0
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b)
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35)
  return (h ^ (h >>> 16)) >>> 0
}
