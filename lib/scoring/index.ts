export type { Attribute, CommentScore, EvidenceSpan, ModelInfo, Scorer, SentimentLabel } from "./types";
export { ATTRIBUTES } from "./types";
export { scoreText, builtinScorer } from "./builtin";
export { activeScorer } from "./registry";
export { scoreComments } from "./store-scores";
