/**
 * Word lists that steer the sentiment rules. Multipliers follow VADER (Hutto &
 * Gilbert 2014) where it publishes one: negation ×-0.74, a "but" clause ×1.5 after
 * and ×0.5 before, capitals and exclamation add emphasis.
 */

/** Words that flip the valence of what follows in the same clause. */
export const NEGATORS = new Set([
  "not", "no", "never", "nor", "neither", "without", "cannot", "nothing", "nobody", "none", "nowhere",
  "hardly", "barely", "scarcely", "ain't", "aint",
  ...["do", "does", "did", "is", "are", "was", "were", "has", "have", "had", "ca", "can", "wo", "would", "could",
    "should", "must", "need", "might", "shall"].flatMap((w) => [`${w}n't`, `${w}nt`]),
  "won't", "can't", "shan't", "dont", "doesnt", "didnt", "isnt", "arent", "wasnt", "werent", "wont", "cant",
  "couldnt", "wouldnt", "shouldnt", "hasnt", "havent", "hadnt",
]);

/** How many following words a negator reaches (stopped early by a clause mark). */
export const NEGATION_SCOPE = 3;
export const NEGATION_FACTOR = -0.74;

/** Intensifiers scale the next sentiment word up, downtoners down. */
export const INTENSIFIERS: ReadonlyMap<string, number> = new Map([
  ...["absolutely", "completely", "deeply", "enormously", "entirely", "especially", "exceptionally", "extremely",
    "greatly", "highly", "hugely", "incredibly", "intensely", "particularly", "profoundly", "remarkably",
    "thoroughly", "totally", "truly", "utterly", "unbelievably", "extraordinarily", "outright", "downright",
    "fully", "seriously", "terribly", "awfully", "insanely", "ridiculously"].map((w) => [w, 1.35] as const),
  ...["very", "really", "so", "too", "most", "much", "more", "such", "quite", "super", "damn", "bloody"].map((w) => [w, 1.2] as const),
]);
export const DOWNTONERS: ReadonlyMap<string, number> = new Map(
  ["slightly", "somewhat", "marginally", "partly", "partially", "mildly", "moderately", "fairly", "rather",
    "little", "bit", "kinda", "sorta", "less", "occasionally", "relatively", "reasonably", "almost"].map((w) => [w, 0.6] as const),
);
/** How far back an intensifier or downtoner reaches, with VADER's decay per extra word. */
export const MODIFIER_DECAY = [1, 0.95, 0.9] as const;

/** Contrast words: the clause after them carries the writer's point. */
export const CONTRAST = new Set(["but", "however", "yet", "nevertheless", "nonetheless", "although", "though"]);
export const BEFORE_CONTRAST = 0.5;
export const AFTER_CONTRAST = 1.5;

/** A capitalised sentiment word in otherwise normal text is stressed. */
export const CAPS_FACTOR = 1.3;
/** Each "!" (up to four) adds this much in the direction of the text. */
export const EXCLAMATION_STEP = 0.29;
export const MAX_EXCLAMATIONS = 4;

/**
 * Sarcasm markers: after one, praise reads as scorn ("Oh great, another tax. /s").
 * Phrases are matched as consecutive words.
 */
export const SARCASM_MARKERS: readonly (readonly string[])[] = [
  ["yeah", "right"], ["oh", "great"], ["oh", "sure"], ["oh", "wonderful"], ["oh", "brilliant"], ["oh", "joy"],
  ["thanks", "a", "lot"], ["sure", "jan"], ["what", "a", "surprise"], ["how", "convenient"], ["big", "surprise"],
  ["slow", "clap"],
];
/** Praise after a sarcasm marker counts this way. */
export const SARCASM_FACTOR = -0.6;

/** Emoticons AFINN lacks (the `sentiment` package covers emoji). */
export const EMOTICONS: ReadonlyMap<string, number> = new Map([
  [":)", 2], [":-)", 2], ["=)", 2], [":]", 2], [":d", 3], [":-d", 3], ["=d", 3], [";)", 1], [";-)", 1], [":p", 1],
  [":-p", 1], ["<3", 3], [":(", -2], [":-(", -2], ["=(", -2], [":[", -2], [":/", -1], [":-/", -1], [":\\", -1],
  [":|", -0.5], [":'(", -2], [":o", -0.5], [":-o", -0.5],
]);

/**
 * Editorial and political vocabulary AFINN-165 lacks, valence on its -5..5 scale.
 * Hand-written; the word-vector extension covers the long tail.
 */
export const EDITORIAL_WORDS: Readonly<Record<string, number>> = {
  "world-class": 3, edifying: 2, insightful: 3, informative: 2, enlightening: 3, thoughtful: 2, "well-written": 3,
  "well-reasoned": 3, nuanced: 2, balanced: 1, landmark: 2, laudable: 3, commendable: 3, prudent: 2, sensible: 2,
  principled: 2, visionary: 3, salutary: 2, bipartisan: 1, reform: 1, reforms: 1, progress: 2, thriving: 3,
  prosperity: 3, prosperous: 3, robust: 2, resilient: 2, statesmanlike: 2, wise: 2, wisely: 2, decency: 2,
  heartening: 3, reassuring: 2, stellar: 3, "spot-on": 3, accurate: 1, accountable: 1, transparent: 1,
  nonsense: -2, propaganda: -2, hypocrite: -3, hypocrites: -3, hypocrisy: -2, hypocritical: -2, garbage: -3,
  laughable: -2, disgrace: -3, disgraceful: -3, ignorance: -2, "bully-boy": -2, shameful: -3, shameless: -3,
  reckless: -2, recklessly: -2, incompetent: -3, incompetence: -3, inept: -3, ineptitude: -3, corrupt: -3,
  scandal: -2, scandalous: -3, fiasco: -3, debacle: -3, travesty: -3, outrageous: -3, dishonest: -3,
  misleading: -2, deceitful: -3, cynically: -2, partisan: -1, gridlock: -2, stalemate: -1, demagogue: -3,
  demagoguery: -3, authoritarian: -2, tyranny: -3, tyrannical: -3, oppressive: -3, repression: -3,
  brutality: -3, atrocities: -3, massacre: -4, genocide: -4, terrorism: -3, terrorist: -3, terrorists: -3,
  extremism: -2, bigotry: -3, bigoted: -3, racist: -3, racism: -3, sexist: -3, misogynist: -3, xenophobic: -3,
  cronyism: -3, nepotism: -2, bribery: -3, fraudulent: -3, malfeasance: -3, misconduct: -2, abuses: -3,
  unconstitutional: -2, unjust: -2, injustice: -2, inequality: -2, poverty: -2, recession: -2, unemployment: -2,
  inflation: -1, shortage: -1, shortages: -1, layoffs: -2, bankrupt: -3, squander: -2, squandered: -2,
  wasteful: -2, bloated: -2, dysfunctional: -2, chaos: -2, mess: -2, clueless: -2, pathetic: -3, lame: -2,
  troubling: -2, alarming: -2, worrisome: -2, dismaying: -2, dismal: -2, bleak: -2, grim: -2, dire: -3,
  flawed: -2, failing: -2, failed: -2, unworkable: -2, unfair: -2, unacceptable: -2, deplorable: -3,
};

/** Words that carry sentiment in AFINN but mostly not in news prose ("like" as a preposition). */
export const NEUTRALIZED: ReadonlySet<string> = new Set(["like", "likes", "please", "pretty", "kind", "matter", "no", "yes", "well", "joke"]);
