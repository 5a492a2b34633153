import type { Pool, PoolClient } from "pg";
import { pool } from "@/lib/db";
import type { ModelInfo, StoredScore } from "@/lib/scoring";
import { getThresholds, THRESHOLD_KEYS, type Thresholds } from "./thresholds";
import { compileWordList, getWordLists, matchWordList } from "./word-lists";
import { updatePriorities } from "./priority";
import { RELEASED_REASON, REQUEUED_DECISION_REASON, REQUEUED_REASON, TEXT_CHANGED_REASON, THRESHOLD_OFF } from "./constants";
import { ERASED_HASH } from "@/lib/ingest/comment-upsert";

type Row = {
  id: number;
  body: string;
  mod_status: string;
  mod_version: number;
  source_status: string;
  premoderated: boolean;
  incivility: number | null;
  attributes: Record<string, number> | null;
  flag_reasons: string[];
  /**
   * Flagged or rejected by the rules (the latest decision is the system's flag or reject), not
   * put back in the queue or rejected by a person.
   */
  by_rules: boolean;
  /** Rejected by the rules while in the queue for another reason (see QUEUE_STATE). */
  queued_before: boolean;
};

/**
 * `requeue`: a comment the rules had rejected goes back to the queue where a person (or a changed
 * text) had put it; logged as the system's restore, not its flag, so the rules never take it out.
 */
type Verdict = { id: number; version: number; status: "flagged" | "rejected"; reasons: string[]; requeue?: boolean };

const LABELS: Record<string, string> = { identityAttack: "identity attack" };


/** Why a comment needs review, in words a moderator reads in the queue. */
export function flagReasons(row: Pick<Row, "incivility" | "attributes" | "source_status" | "premoderated">, thresholds: Thresholds, suspect: string[]): string[] {
  const reasons: string[] = [];
  // A threshold at 100% is off, as the settings page says: a score rounded to 1 does not reach it.
  const on = (key: keyof Thresholds) => thresholds[key] < THRESHOLD_OFF;
  if (on("incivility") && row.incivility !== null && row.incivility >= thresholds.incivility) reasons.push("over threshold");
  for (const key of THRESHOLD_KEYS) {
    if (key === "incivility" || !on(key)) continue;
    const value = row.attributes?.[key];
    if (value !== undefined && value >= thresholds[key]) reasons.push(`${LABELS[key] ?? key} ≥ ${thresholds[key]}`);
  }
  for (const term of suspect) reasons.push(`suspect term: ${term}`);
  if (row.source_status === "pending") reasons.push("pending at source");
  if (row.premoderated) reasons.push("thread pre-moderated");
  return reasons;
}

/**
 * Whether pre-moderation holds a comment (joined thread `t`): imported, or changed by a re-import
 * (an edit, published at last after being held at the source), since the thread was put under it.
 * Comments already there as they are when it began are left as they were, however often the rules
 * run again; so are erased ones, whose text is a placeholder. A thread pre-moderated before the time
 * was kept holds all its comments.
 */
const PREMODERATED = `(t.premoderated AND GREATEST(c.imported_at, c.updated_at) >= COALESCE(t.premoderated_at, '-infinity')
  AND c.content_hash <> '${ERASED_HASH}') AS premoderated`;

/**
 * Comments the rules may judge: those no human has decided, and rejected ones, of which
 * applyVerdicts keeps only the rules' own rejections (`by_rules`). An erased comment's rejection
 * stays: its text is a placeholder now, which no rule would reject. Compared as text on purpose:
 * during an import the statistics predate the new rows, and the planner then scanned the whole
 * "none" part of the (mod_status, …) index to find a batch's ids instead of looking them up by id.
 */
export const JUDGEABLE_COMMENT = `c.kind::text = 'comment' AND (c.mod_status::text IN ('none', 'flagged')
  OR (c.mod_status::text = 'rejected' AND c.content_hash <> '${ERASED_HASH}'))`;

/**
 * What the rules need of a comment's decision log, from its last two applied decisions, joined as
 * `ld` (read only for flagged and rejected comments: an import's new rows skip it). The latest
 * is the one written last (the highest id): `created_at` is its transaction's start, and a long
 * import's decision can start before a moderator's that commits first.
 * - `by_rules`: the latest is the system's flag or reject (not a person's restore or rejection).
 * - `from_queue` and `after_rule_flag`: the latest came from the queue, and the one before it was
 *   not the rules' flag, so a person (restore) or a changed text had put it there (see queued_before).
 */
const LAST_DECISIONS = `LEFT JOIN LATERAL (
    SELECT bool_or(x.n = 1 AND x.user_id IS NULL
             AND x.action::text = CASE c.mod_status::text WHEN 'flagged' THEN 'flag' ELSE 'reject' END) AS by_rules,
           bool_or(x.n = 1 AND x.previous_status::text = 'flagged') AS from_queue,
           bool_or(x.n = 2 AND x.user_id IS NULL AND x.action::text = 'flag') AS after_rule_flag
    FROM (SELECT d.user_id, d.action, d.previous_status, row_number() OVER (ORDER BY d.id DESC) AS n
          FROM decision d
          WHERE c.mod_status::text IN ('flagged', 'rejected') AND d.comment_id = c.id AND d.applied
          ORDER BY d.id DESC LIMIT 2) x
  ) ld ON true`;

/**
 * The columns applyVerdicts needs about a comment's queue state (`c` the comment, with
 * LAST_DECISIONS). `queued_before`: a rejected comment the rules rejected while a person or a
 * changed text had it in the queue; let go by the rules, it goes back there, not out of it.
 */
const QUEUE_STATE = `c.mod_status, c.mod_version, c.flag_reasons, coalesce(ld.by_rules, false) AS by_rules,
  c.mod_status::text = 'rejected' AND coalesce(ld.from_queue AND NOT coalesce(ld.after_rule_flag, false), false) AS queued_before`;

/** Of the rejected comments, only the rules' own are theirs to judge. */
const RULES_OWN = "(c.mod_status::text <> 'rejected' OR coalesce(ld.by_rules, false))";

/** The newsroom's flagging rules, read once per run. */
export type FlagRules = { thresholds: Thresholds; banned: RegExp | null; suspect: RegExp | null };

export async function loadFlagRules(client: Pool | PoolClient = pool): Promise<FlagRules> {
  const [thresholds, lists] = await Promise.all([getThresholds(client), getWordLists(client)]);
  return { thresholds, banned: compileWordList(lists.banned), suspect: compileWordList(lists.suspect) };
}

/**
 * Applies the newsroom's rules to freshly imported or rescored comments:
 * banned terms reject (reason "banned term"); thresholds, suspect terms, source
 * "pending" and pre-moderated threads flag for review. Only comments no human has
 * decided are touched; every change is logged as a system decision. A flagged
 * comment's reasons are brought up to date, and one no rule flags any more leaves
 * the queue; a comment the rules rejected and no banned term rejects any more is
 * flagged or released. Returns how many comments were flagged or rejected, and how
 * many the rules let go (unflagged or released).
 */
export async function flagComments(
  commentIds: readonly number[],
  model: ModelInfo,
  client: Pool | PoolClient = pool,
): Promise<{ flagged: number; unflagged: number }> {
  const { flagged, unflagged, toRank } = await flagUnranked(commentIds, model, client);
  await updatePriorities(toRank, model, client);
  return { flagged, unflagged };
}

/** `unflagged`: comments the rules let go (taken out of the queue, or a rejection released). */
export type FlagOutcome = { flagged: number; unflagged: number; toRank: number[] };

/** flagComments without the review priorities: returns the comments whose priority must be (re)computed. */
async function flagUnranked(commentIds: readonly number[], model: ModelInfo, client: Pool | PoolClient): Promise<FlagOutcome> {
  if (!commentIds.length) return { flagged: 0, unflagged: 0, toRank: [] };
  const applied = await loadFlagRules(client);
  const outcome: FlagOutcome = { flagged: 0, unflagged: 0, toRank: [] };
  const BATCH = 5000;
  for (let i = 0; i < commentIds.length; i += BATCH) {
    const { rows } = await client.query<Row>(
      `SELECT c.id, c.body, ${QUEUE_STATE}, c.source_status, ${PREMODERATED}, s.incivility, s.attributes
       FROM comment c JOIN thread t ON t.id = c.thread_id ${LAST_DECISIONS}
       LEFT JOIN LATERAL (SELECT * FROM score sx WHERE sx.comment_id = c.id AND sx.model = $2 AND sx.model_version = $3 LIMIT 1) s ON true
       WHERE c.id = ANY($1::int[]) AND ${JUDGEABLE_COMMENT} AND ${RULES_OWN}`,
      [commentIds.slice(i, i + BATCH), model.name, model.version],
    );
    const judged = rows.map(({ body, ...row }) => ({ ...row, ...wordListHits(applied, body) }));
    merge(outcome, await applyVerdicts(judged, applied.thresholds, client));
  }
  return outcome;
}

/** A scored comment with its word-list matches, ready to be flagged without its text. */
export type FlagCandidate = {
  id: number;
  incivility: number;
  attributes: Record<string, number>;
  banned: string[];
  suspect: string[];
};

/** The banned and suspect terms a text contains. */
function wordListHits(rules: FlagRules, body: string): { banned: string[]; suspect: string[] } {
  return { banned: matchWordList(rules.banned, body), suspect: matchWordList(rules.suspect, body) };
}

/** Matches a scored comment's text against the word lists, so the text need not be kept. */
export function flagCandidate(stored: StoredScore, rules: FlagRules): FlagCandidate {
  const { incivility, attributes } = stored.score;
  return { id: stored.id, incivility, attributes, ...wordListHits(rules, stored.body) };
}

/**
 * The same rules for comments the caller has just scored (an import): texts and
 * scores are in hand, so only the comments' moderation state is read back.
 */
export async function flagScored(candidates: readonly FlagCandidate[], rules: FlagRules, client: Pool | PoolClient = pool): Promise<FlagOutcome> {
  if (!candidates.length) return { flagged: 0, unflagged: 0, toRank: [] };
  const { rows } = await client.query<Omit<Row, "body" | "incivility" | "attributes">>(
    `SELECT c.id, ${QUEUE_STATE}, c.source_status, ${PREMODERATED}
     FROM comment c JOIN thread t ON t.id = c.thread_id ${LAST_DECISIONS}
     WHERE c.id = ANY($1::int[]) AND ${JUDGEABLE_COMMENT} AND ${RULES_OWN}`,
    [candidates.map((c) => c.id)],
  );
  const byId = new Map(candidates.map((c) => [c.id, c]));
  return applyVerdicts(rows.map((r) => ({ ...r, ...byId.get(r.id)! })), rules.thresholds, client);
}

function merge(into: FlagOutcome, from: FlagOutcome): void {
  into.flagged += from.flagged;
  into.unflagged += from.unflagged;
  for (const id of from.toRank) into.toRank.push(id);
}

type Judged = Omit<Row, "body"> & { banned: string[]; suspect: string[] };

/**
 * Decides each comment by the rules, then writes the changes and their decision log. A
 * comment already flagged gets the reasons that hold now (a rescore may have lowered its
 * score below the threshold); one the rules had flagged and no rule flags now leaves the
 * queue, logged as the system's "unflag". A comment the rules rejected and no banned term
 * rejects now (the term was taken off the list) is flagged if another rule holds, else
 * released, logged as the system's "restore". Comments a person decided are left alone.
 */
async function applyVerdicts(rows: readonly Judged[], thresholds: Thresholds, client: Pool | PoolClient): Promise<FlagOutcome> {
  const verdicts: Verdict[] = [];
  const unflags: { id: number; version: number }[] = [];
  const releases: { id: number; version: number }[] = [];
  const retold: { id: number; version: number; status: string; reasons: string[] }[] = [];
  const refreshed: number[] = [];
  const retell = (row: Judged, next: string[]) => {
    if (!sameReasons(row.flag_reasons, next)) retold.push({ id: row.id, version: row.mod_version, status: row.mod_status, reasons: next });
  };
  for (const row of rows) {
    // Only the rules' own rejections are read (RULES_OWN).
    const rejectedByRules = row.mod_status === "rejected";
    // A comment in the queue because its text changed after a decision says so, whatever the rules add.
    const textChanged = row.flag_reasons.filter((r) => r === TEXT_CHANGED_REASON);
    if (row.banned.length) {
      const reasons = [...textChanged, ...row.banned.map((t) => `banned term: ${t}`)];
      if (rejectedByRules) retell(row, reasons);
      else verdicts.push({ id: row.id, version: row.mod_version, status: "rejected", reasons });
      continue;
    }
    const reasons = flagReasons(row, thresholds, row.suspect);
    if (row.mod_status === "none") {
      if (reasons.length) verdicts.push({ id: row.id, version: row.mod_version, status: "flagged", reasons });
    } else if (rejectedByRules) {
      // Let go by the banned terms: back to the queue if a rule holds or it was there for a person, else out.
      if (row.queued_before) {
        // Back with its reasons, or saying why it is there when no rule gives one.
        const back = [...textChanged, ...reasons];
        verdicts.push({ id: row.id, version: row.mod_version, status: "flagged", reasons: back.length ? back : [REQUEUED_REASON], requeue: true });
      }
      else if (reasons.length) verdicts.push({ id: row.id, version: row.mod_version, status: "flagged", reasons });
      else releases.push({ id: row.id, version: row.mod_version });
    } else if (!reasons.length && row.by_rules) {
      unflags.push({ id: row.id, version: row.mod_version });
    } else {
      retell(row, [...textChanged, ...reasons]);
      refreshed.push(row.id);
    }
  }
  if (verdicts.length) await writeVerdicts(verdicts, client);
  if (unflags.length) await writeLetGo("flagged", unflags, client);
  if (releases.length) await writeLetGo("rejected", releases, client);
  if (retold.length) {
    // Not a moderation change: the version stays, so a moderator's open decision still applies.
    await client.query(
      `UPDATE comment c SET flag_reasons = ARRAY(SELECT jsonb_array_elements_text(v.reasons))
       FROM unnest($1::int[], $2::int[], $3::text[], $4::jsonb[]) AS v(id, version, status, reasons)
       WHERE c.id = v.id AND c.mod_version = v.version AND c.mod_status::text = v.status`,
      [retold.map((r) => r.id), retold.map((r) => r.version), retold.map((r) => r.status), retold.map((r) => JSON.stringify(r.reasons))],
    );
  }
  return {
    flagged: verdicts.length,
    unflagged: unflags.length + releases.length,
    toRank: [...verdicts.filter((v) => v.status === "flagged").map((v) => v.id), ...refreshed],
  };
}

const sameReasons = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((r, i) => r === b[i]);

/** Flags or rejects comments and logs each change, in one statement; a comment changed meanwhile is left alone. */
async function writeVerdicts(verdicts: readonly Verdict[], client: Pool | PoolClient): Promise<void> {
  await client.query(
    `WITH v AS (
       SELECT * FROM unnest($1::int[], $2::int[], $3::text[], $4::jsonb[], $5::boolean[]) AS v(id, version, status, reasons, requeue)
     ), changed AS (
       UPDATE comment c SET mod_status = v.status::"ModStatus", mod_version = c.mod_version + 1,
         flag_reasons = ARRAY(SELECT jsonb_array_elements_text(v.reasons)),
         flagged_at = CASE WHEN v.status = 'flagged' THEN now() ELSE c.flagged_at END,
         decided_at = CASE WHEN v.status = 'rejected' THEN now() ELSE c.decided_at END
       FROM v, comment before
       WHERE c.id = v.id AND c.mod_version = v.version AND before.id = c.id
       RETURNING c.id, before.mod_status AS previous_status, v.version, v.status, v.reasons, v.requeue
     )
     INSERT INTO decision (comment_id, action, reason, previous_status, new_status, previous_version, via)
     SELECT id, CASE WHEN status = 'rejected' THEN 'reject' WHEN requeue THEN 'restore' ELSE 'flag' END::"DecisionAction",
       CASE WHEN status = 'rejected' THEN 'banned term'
            WHEN requeue THEN $6
            ELSE (SELECT string_agg(r, '; ') FROM jsonb_array_elements_text(reasons) r) END,
       previous_status, status::"ModStatus", version, 'system'
     FROM changed`,
    [
      verdicts.map((v) => v.id),
      verdicts.map((v) => v.version),
      verdicts.map((v) => v.status),
      verdicts.map((v) => JSON.stringify(v.reasons)),
      verdicts.map((v) => v.requeue === true),
      REQUEUED_DECISION_REASON,
    ],
  );
}

/** How the rules let a comment go back to undecided, from each state they put it in. */
const LET_GO = {
  /** Out of the queue (flagged_at stays: it was flagged once). */
  flagged: { action: "unflag", reason: "no flag rule applies any more", decided: "c.decided_at" },
  /** A rejection released. */
  rejected: { action: "restore", reason: RELEASED_REASON, decided: "now()" },
} as const;

/** Lets comments the rules had flagged or rejected go back to undecided, logged as the system's. */
async function writeLetGo(from: keyof typeof LET_GO, rows: readonly { id: number; version: number }[], client: Pool | PoolClient): Promise<void> {
  const { action, reason, decided } = LET_GO[from];
  await client.query(
    `WITH changed AS (
       UPDATE comment c SET mod_status = 'none', mod_version = c.mod_version + 1, flag_reasons = '{}', decided_at = ${decided}
       FROM unnest($1::int[], $2::int[]) AS v(id, version)
       WHERE c.id = v.id AND c.mod_version = v.version AND c.mod_status = $3::"ModStatus"
       RETURNING c.id, v.version
     )
     INSERT INTO decision (comment_id, action, reason, previous_status, new_status, previous_version, via)
     SELECT id, $4::"DecisionAction", $5, $3::"ModStatus", 'none', version, 'system' FROM changed`,
    [rows.map((u) => u.id), rows.map((u) => u.version), from, action, reason],
  );
}
