export const ATTRIBUTES = ["insult", "profanity", "threat", "identityAttack", "hostility", "shouting"] as const;

/** Attribute names for people (charts, reports, highlighted evidence). */
export const ATTRIBUTE_LABELS: Record<string, string> = {
  insult: "Insult",
  profanity: "Profanity",
  threat: "Threat",
  identityAttack: "Identity attack",
  hostility: "Hostility",
  shouting: "Shouting",
};
export type Attribute = (typeof ATTRIBUTES)[number];

export type SentimentLabel = "negative" | "neutral" | "positive";

/** Evidence for a score: a character range of the scored text, [start, end). */
export type EvidenceSpan = {
  start: number;
  end: number;
  attribute: Attribute | "sentiment";
  weight: number;
};

export type CommentScore = {
  /** -1 (very negative) .. 1 (very positive). */
  sentiment: number;
  sentimentLabel: SentimentLabel;
  /** Probability that the comment is uncivil, 0..1. */
  incivility: number;
  attributes: Record<Attribute, number>;
  spans: EvidenceSpan[];
};

export type ModelInfo = { name: string; version: string };

/** Shipped model profiles: `default` is trained only on data that allows commercial use. */
export const PROFILES = ["default", "news"] as const;
export type Profile = (typeof PROFILES)[number];

/** A scoring engine: scores a batch of texts, in order. */
export interface Scorer {
  readonly model: ModelInfo;
  scoreTexts(texts: readonly string[]): Promise<CommentScore[]>;
}
