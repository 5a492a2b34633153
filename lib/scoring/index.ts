export type { Attribute, CommentScore, EvidenceSpan, ModelInfo, Profile, Scorer, SentimentLabel } from "./types";
export { ATTRIBUTES, PROFILES } from "./types";
export { scoreText, builtinScorer } from "./builtin";
export { activeScorer, loadActiveScorer, settledActiveScorer } from "./registry";
export { scoreComments, type StoredScore } from "./store-scores";
export { holdScorerShared } from "./lock";
