import { seededRandom } from "../training/random";

const RESAMPLES = 1000;

/**
 * How sure the held-back labels are that `after` flags better than `before` at a
 * threshold: the share of bootstrap resamples (rows drawn with replacement, the same
 * draw for both, seeded) in which after's F1 is higher. A gain resting on a handful
 * of removed comments wins about half the resamples, not nearly all.
 */
export function betterShare(labels: readonly number[], before: readonly number[], after: readonly number[], threshold: number, resamples = RESAMPLES): number {
  const n = labels.length;
  if (!n) return 0;
  // Per row: [true positive, false positive, false negative] of each side, as small codes.
  const code = (p: number, y: number) => (p >= threshold ? (y ? 0 : 1) : y ? 2 : 3);
  const b = Uint8Array.from(labels, (y, i) => code(before[i]!, y));
  const a = Uint8Array.from(labels, (y, i) => code(after[i]!, y));
  const random = seededRandom(20261124);
  let wins = 0;
  const cb = new Uint32Array(4);
  const ca = new Uint32Array(4);
  for (let r = 0; r < resamples; r++) {
    cb.fill(0);
    ca.fill(0);
    for (let k = 0; k < n; k++) {
      const i = Math.floor(random() * n);
      cb[b[i]!]!++;
      ca[a[i]!]!++;
    }
    if (f1(ca) > f1(cb)) wins++;
  }
  return wins / resamples;
}

/** F1 from counts [tp, fp, fn, tn]. */
function f1(c: Uint32Array): number {
  const denominator = 2 * c[0]! + c[1]! + c[2]!;
  return denominator ? (2 * c[0]!) / denominator : 0;
}
