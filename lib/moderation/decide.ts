import { z } from "zod";
import { dbText, dbVersion } from "@/lib/zod-fields";
import { db, inTransaction, pool } from "@/lib/db";
import { ConflictError, DomainError, NotFoundError } from "@/lib/errors";
import type { ModStatus } from "@/lib/generated/prisma/enums";
import { activeScorer } from "@/lib/scoring";
import { isLockConflict } from "@/lib/scoring/give-way";
import { updatePriorities } from "./priority";

import { DECIDES_FROM, DECISION_ACTIONS, REASON_CODES, TEXT_CHANGED_REASON, checkReasons, STATUS_AFTER, type DecisionAction } from "./constants";

export { DECISION_ACTIONS, REASON_CODES, type DecisionAction };

export const decisionSchema = z
  .object({
    action: z.enum(DECISION_ACTIONS),
    reason: z.enum(REASON_CODES).optional(),
    note: dbText.trim().max(1000).optional(),
    expectedVersion: dbVersion,
  })
  .superRefine(checkReasons);
export type DecisionInput = z.infer<typeof decisionSchema>;

export type DecisionResult = { id: number; modStatus: ModStatus; modVersion: number };
export type Actor = { userId: number; via?: string };

/** How long a decision waits for a comment another transaction is writing. */
const LOCK_WAIT_MS = 5000;
const BUSY_MESSAGE = "this comment is being changed by an import or a bulk decision; nothing was saved: try again in a moment";
const BULK_BUSY_MESSAGE = "some of these comments are being changed by an import or another bulk decision; nothing was saved: try again in a moment";

/**
 * Applies one decision with optimistic concurrency: it succeeds only if the comment
 * is still at `expectedVersion`. The status change and its audit row commit together;
 * a refused attempt is logged too (applied = false) and raises ConflictError.
 */
export async function decideComment(commentId: number, input: DecisionInput, actor: Actor): Promise<DecisionResult> {
  const data = decisionSchema.parse(input);
  const reason = data.reason ?? (data.action === "reject" ? "other" : null);
  const newStatus: ModStatus = STATUS_AFTER[data.action];
  const outcome = await db.$transaction(async (tx) => {
    // An import or a bulk decision writing this comment holds its row until it commits, which for an
    // import is the end of its file: wait a few seconds for it, not for ever.
    await tx.$executeRawUnsafe(`SET LOCAL lock_timeout = ${LOCK_WAIT_MS}`);
    const current = await tx.comment.findUnique({
      where: { id: commentId },
      select: { id: true, modStatus: true, modVersion: true, body: true },
    });
    if (!current) throw new NotFoundError(`comment ${commentId} not found`);
    // Approving an approved comment (or escalating an escalated one, restoring a flagged one)
    // would change nothing but the audit log. A rejection may restate its reason.
    if (current.modStatus === newStatus && data.action !== "reject" && current.modVersion === data.expectedVersion) {
      throw new ConflictError(`comment ${commentId} is already ${newStatus}: nothing to change`, {
        modStatus: current.modStatus,
        modVersion: current.modVersion,
      });
    }
    const restating = data.action === "reject" && current.modStatus === "rejected";
    if (!restating && !decidesFrom(data.action, current.modStatus) && current.modVersion === data.expectedVersion) {
      throw new ConflictError(`comment ${commentId} is ${current.modStatus}: it takes ${actionsFrom(current.modStatus)}, not ${data.action}`, {
        modStatus: current.modStatus,
        modVersion: current.modVersion,
      });
    }
    const updated = await tx.comment.updateMany({
      where: { id: commentId, modVersion: data.expectedVersion },
      data: {
        modStatus: newStatus,
        modVersion: { increment: 1 },
        decidedAt: new Date(),
        ...(data.action === "restore" ? { flaggedAt: new Date() } : {}),
      },
    });
    const applied = updated.count === 1;
    // A person has now approved or rejected the text as it is: it no longer waits because it changed.
    if (applied && (data.action === "approve" || data.action === "reject")) {
      await tx.$executeRaw`UPDATE comment SET flag_reasons = array_remove(flag_reasons, ${TEXT_CHANGED_REASON})
        WHERE id = ${commentId} AND ${TEXT_CHANGED_REASON} = ANY (flag_reasons)`;
    }
    // Refused, the comment is read again: the update may have waited for the change that beat
    // it, which the first read predates, and the answer must say what the comment is now.
    const seen = applied
      ? current
      : ((await tx.comment.findUnique({ where: { id: commentId }, select: { id: true, modStatus: true, modVersion: true, body: true } })) ?? current);
    await tx.decision.create({
      data: {
        commentId,
        userId: actor.userId,
        action: data.action,
        reason,
        note: data.note ?? null,
        previousStatus: seen.modStatus,
        newStatus: applied ? newStatus : seen.modStatus,
        previousVersion: seen.modVersion,
        applied,
        via: actor.via ?? "ui",
      },
    });
    return { applied, current: seen };
  }, { timeout: LOCK_WAIT_MS * 3 }).catch((err: unknown) => {
    if (isLockConflict(err)) throw new DomainError(BUSY_MESSAGE, 503);
    throw err;
  });
  if (!outcome.applied) {
    throw new ConflictError(
      `comment ${commentId} was changed by someone else (now ${outcome.current.modStatus}, version ${outcome.current.modVersion}); reload and decide again`,
      // With its text: a re-import may have changed it, and the card must show what a second try would decide.
      { modStatus: outcome.current.modStatus, modVersion: outcome.current.modVersion, body: outcome.current.body },
    );
  }
  await refreshNeighbours([commentId]);
  // The decision stands whatever happens to the renewal.
  await renewClaims([commentId], actor.userId).catch((err: Error) => console.error(`[claims] not renewed: ${err.message}`));
  return { id: commentId, modStatus: newStatus, modVersion: data.expectedVersion + 1 };
}

/**
 * Deciding in a thread one has claimed keeps the claim alive (it lapses after CLAIM_MINUTES idle):
 * the claims the decider holds on the threads of the comments decided. After the decision's commit,
 * and skipped when the thread row is locked (an import writing to the thread holds it for its whole
 * file): a decision never waits for it, and the next one renews.
 */
async function renewClaims(commentIds: number[], userId: number): Promise<void> {
  await pool.query(
    `UPDATE thread SET claimed_at = now() WHERE id IN (
       SELECT t.id FROM thread t
       WHERE t.claimed_by_id = $2 AND t.id IN (SELECT thread_id FROM comment WHERE id = ANY($1::int[]))
       FOR UPDATE SKIP LOCKED)`,
    [commentIds, userId],
  );
}

const decidesFrom = (action: DecisionAction, status: ModStatus) => (DECIDES_FROM[action] as readonly string[]).includes(status);
const actionsFrom = (status: ModStatus) => DECISION_ACTIONS.filter((a) => decidesFrom(a, status)).join(" or ");

export type BulkInput = { action: DecisionAction; reason?: string; note?: string; userId: number; via?: string };

/**
 * Decides many comments in one statement (atomic, set-based). Each comment must
 * still be at the version given; the ones that moved on are skipped and reported
 * as conflicts. Comments the decision would not change (approving approved ones) are
 * left alone, unlogged, and reported as unchanged (a rejection is not restated in bulk); comments in a
 * state the decision does not start from (DECIDES_FROM: a decided comment takes only restore) are
 * left alone and reported as skipped.
 */
export async function decideComments(
  targets: readonly { id: number; modVersion: number }[],
  input: BulkInput,
): Promise<{ applied: number; conflicts: number[]; unchanged: number[]; skipped: number[] }> {
  if (!targets.length) return { applied: 0, conflicts: [], unchanged: [], skipped: [] };
  const newStatus: ModStatus = STATUS_AFTER[input.action];
  const reason = input.reason ?? (input.action === "reject" ? "other" : null);
  // Like one decision, a bulk one waits a few seconds for rows an import is writing, not for the whole file.
  const { rows } = await inTransaction(async (client) => {
    await client.query(`SET LOCAL lock_timeout = ${LOCK_WAIT_MS}`);
    return client.query<{ id: number; outcome: "applied" | "unchanged" }>(
      `WITH target AS (
         SELECT * FROM unnest($1::int[], $2::int[]) AS t(id, version)
       ), locked AS (
         -- Rows are locked in id order, so overlapping bulk decisions queue instead of deadlocking.
         SELECT c.id, c.mod_status, c.mod_version FROM comment c WHERE c.id IN (SELECT id FROM target) ORDER BY c.id FOR UPDATE
       ), same AS (
         -- Already in the state the decision would give: nothing to change or log.
         SELECT before.id FROM locked before JOIN target t ON t.id = before.id
         WHERE before.mod_version = t.version AND before.mod_status = $3::"ModStatus"
       ), other AS (
         -- In a state this decision does not start from (a decided comment takes only restore).
         SELECT before.id FROM locked before JOIN target t ON t.id = before.id
         WHERE before.mod_version = t.version AND before.mod_status <> $3::"ModStatus"
           AND before.mod_status <> ALL ($9::"ModStatus"[])
       ), changed AS (
         UPDATE comment c SET mod_status = $3::"ModStatus", mod_version = c.mod_version + 1, decided_at = now(),
           flagged_at = CASE WHEN $3 = 'flagged' THEN now() ELSE c.flagged_at END,
           flag_reasons = CASE WHEN $5::text IN ('approve', 'reject') THEN array_remove(c.flag_reasons, $10::text) ELSE c.flag_reasons END
         FROM target t, locked before
         WHERE c.id = t.id AND c.mod_version = t.version AND before.id = c.id
           AND before.mod_status = ANY ($9::"ModStatus"[])
         RETURNING c.id, before.mod_status AS previous_status, t.version AS previous_version
       ), logged AS (
         INSERT INTO decision (comment_id, user_id, action, reason, note, previous_status, new_status, previous_version, via)
         SELECT id, $4, $5::"DecisionAction", $6, $7, previous_status, $3::"ModStatus", previous_version, $8 FROM changed
       )
        SELECT id, 'applied' AS outcome FROM changed UNION ALL SELECT id, 'unchanged' FROM same
       UNION ALL SELECT id, 'skipped' FROM other`,
      [targets.map((t) => t.id), targets.map((t) => t.modVersion), newStatus, input.userId, input.action,
        reason, input.note ?? null, input.via ?? "bulk", DECIDES_FROM[input.action], TEXT_CHANGED_REASON],
    );
  }).catch((err: unknown) => {
    if (isLockConflict(err)) throw new DomainError(BULK_BUSY_MESSAGE, 503);
    throw err;
  });
  const ids = (outcome: string) => new Set(rows.filter((r) => r.outcome === outcome).map((r) => r.id));
  const [applied, unchanged, skipped] = [ids("applied"), ids("unchanged"), ids("skipped")];
  await refreshNeighbours([...applied]);
  if (applied.size) {
    await renewClaims([...applied], input.userId).catch((err: Error) => console.error(`[claims] not renewed: ${err.message}`));
  }
  return {
    applied: applied.size,
    conflicts: targets.filter((t) => !applied.has(t.id) && !unchanged.has(t.id) && !skipped.has(t.id)).map((t) => t.id),
    unchanged: [...unchanged],
    skipped: [...skipped],
  };
}

/**
 * A decision changes its thread's heat and its commenter's history: re-rank the
 * comments still waiting in the same threads and by the same commenters.
 */
async function refreshNeighbours(commentIds: number[]): Promise<void> {
  if (!commentIds.length) return;
  // Re-ranking is secondary: the decision is already committed and must not be reported as failed.
  try {
    await rerank(commentIds);
  } catch (err) {
    console.error(`[moderation] re-ranking after a decision failed: ${err instanceof Error ? err.message : err}`);
  }
}

async function rerank(commentIds: number[]): Promise<void> {
  const { rows } = await pool.query<{ id: number }>(
    `SELECT w.id FROM comment w
     WHERE w.mod_status IN ('flagged', 'escalated') AND (
       w.thread_id IN (SELECT thread_id FROM comment WHERE id = ANY($1::int[]))
       OR w.commenter_id IN (SELECT commenter_id FROM comment WHERE id = ANY($1::int[]) AND commenter_id IS NOT NULL))
     LIMIT 20000`,
    [commentIds],
  );
  await updatePriorities(rows.map((r) => r.id), activeScorer().model);
}
