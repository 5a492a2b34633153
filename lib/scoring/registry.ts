import type { Scorer } from "./types";
import { builtinScorer } from "./builtin";

/** The scorer whose scores drive flags, queues and charts. */
export function activeScorer(): Scorer {
  return builtinScorer;
}
