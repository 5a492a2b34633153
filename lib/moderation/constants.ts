// Plain values shared by the server and the browser (no database imports here).

export const DECISION_ACTIONS = ["approve", "reject", "escalate", "restore"] as const;
export type DecisionAction = (typeof DECISION_ACTIONS)[number];
/** Every action the audit log records: people's decisions and the rules' flag and unflag. */
export const AUDIT_ACTIONS = [...DECISION_ACTIONS, "flag", "unflag"] as const;
/** The moderation status each decision leaves a comment in; restoring puts a decided comment back in the queue. */
export const STATUS_AFTER = {
  approve: "approved",
  reject: "rejected",
  escalate: "escalated",
  restore: "flagged",
} as const satisfies Record<DecisionAction, string>;

/**
 * The moderation states each decision may start from. A decided comment (approved or rejected) takes
 * only restore, so "… all matching" on the All tab cannot overturn decisions in passing; an escalated
 * one is approved, rejected or sent back to the queue. One at a time, a rejection may restate its reason.
 */
export const DECIDES_FROM = {
  approve: ["none", "flagged", "escalated"],
  reject: ["none", "flagged", "escalated"],
  escalate: ["none", "flagged"],
  restore: ["approved", "rejected", "escalated"],
} as const satisfies Record<DecisionAction, readonly string[]>;
export const REASON_CODES = ["insult", "threat", "identity attack", "spam", "off-topic", "banned term", "other"] as const;
export type ReasonCode = (typeof REASON_CODES)[number];

/**
 * What every decision request must say, one comment or many (zod `superRefine`): a
 * rejection names its reason, and "other" says it in words.
 */
export function checkReasons(
  d: { action: string; reason?: string; note?: string },
  ctx: { addIssue: (issue: { code: "custom"; message: string; path: string[] }) => void },
): void {
  if (d.action === "reject" && !d.reason) ctx.addIssue({ code: "custom", message: "a rejection needs a reason", path: ["reason"] });
  if (d.reason === "other" && !d.note) ctx.addIssue({ code: "custom", message: 'reason "other" needs a note saying why', path: ["note"] });
}

/** Weights of the review priority; the formula is documented in priority.ts and the README. */
export const PRIORITY_WEIGHTS = { incivility: 0.45, severity: 0.25, heat: 0.1, history: 0.1, perDayWaiting: 0.1 } as const;
export const SEVERITY_WEIGHTS = {
  threat: 1,
  identityAttack: 0.9,
  insult: 0.6,
  profanity: 0.5,
  hostility: 0.4,
  shouting: 0.2,
} as const;

/**
 * A claim lapses after this long without renewal (claiming again, or deciding a comment of
 * the thread), so an abandoned claim doesn't block a thread.
 */
export const CLAIM_MINUTES = 30;
/** Over `thread t`: the claim is still alive. Lapsed claims are shown as none. */
export const LIVE_CLAIM_SQL = `t.claimed_at >= now() - interval '${CLAIM_MINUTES} minutes'`;

/** Each flag threshold's name, as the settings page and its messages use it. */
export const THRESHOLD_LABELS = {
  incivility: "Overall incivility",
  insult: "Insult / name-calling",
  profanity: "Profanity / vulgarity",
  threat: "Threat",
  identityAttack: "Identity attack",
  hostility: "Hostility / antagonism",
  shouting: "Shouting",
} as const;

/**
 * Set by the database when a re-import changes the text of an approved or rejected comment and
 * puts it back in the queue (migration reopen_changed_text): not a rule's reason, so the rules
 * keep it; a person's next decision on the comment clears it.
 */
export const TEXT_CHANGED_REASON = "text changed since decided";
/**
 * Each comment's latest judgement (`comment_id`, `action`): a moderator's approve, reject or
 * restore, or the system's restore when a re-import changed the text, which takes a verdict on the
 * old text back as a moderator's restore does. What learns from decisions or measures against them
 * reads this, so a verdict is never paired with a text nobody judged.
 */
export const LATEST_JUDGEMENT_SQL = `SELECT DISTINCT ON (d.comment_id) d.comment_id, d.action
       FROM decision d
       WHERE d.applied AND d.action IN ('approve', 'reject', 'restore')
         AND (d.user_id IS NOT NULL OR (d.action = 'restore' AND d.reason = '${TEXT_CHANGED_REASON}'))
       ORDER BY d.comment_id, d.id DESC`;
/** The system's restore when a rejection for a banned term is let go: out of the rules' hands. */
export const RELEASED_REASON = "no banned term any more";
/** …and when it goes back to the queue where a person (or a changed text) had it. */
export const REQUEUED_DECISION_REASON = `${RELEASED_REASON}; back in the queue`;
/** Why a comment is in the queue when the rules put it back where a person had it, and no rule flags it. */
export const REQUEUED_REASON = "back in the queue: its banned term was taken off the list";

/**
 * Terms a word list may hold. Every comment imported or rescored is matched against both lists,
 * all terms in one expression: with 2,000 random terms a 500-character comment took 1.1 ms and a
 * million characters of punctuation 6.6 s; with 5,000, 10 ms and 88 s.
 */
export const MAX_TERMS = 1_000;

/** A threshold at 1 (100%) is off: the pages show it so, and nothing is flagged by it. */
export const THRESHOLD_OFF = 1;

/** A threshold as the pages print it: "off", or a percentage. */
export const thresholdLabel = (value: number) => (value >= THRESHOLD_OFF ? "off" : `${Math.round(value * 100)}%`);

/** The queues that wait for review, ordered by priority (the others by time). */
export const REVIEW_STATUSES = ["flagged", "pending", "escalated"] as const;

/** What a thread counts as waiting for its moderators (pending comments wait for the source's own). */
export const THREAD_WAITING_STATUSES = ["flagged", "escalated"] as const;
