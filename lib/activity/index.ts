import { z } from "zod";
import { pool } from "@/lib/db";
import { dbIdText } from "@/lib/zod-fields";

export type ActivityVia = "ui" | "api" | "cli";

export type ActivityInput = {
  /** Who did it; null for the command line. */
  userId: number | null;
  via: ActivityVia;
  /** What was done, as a short verb phrase: "set thresholds", "added a banned term", "changed a role". */
  action: string;
  /** What it was done to: a user's email, a term, "thread 12 · title", "thresholds". */
  subject: string;
  /** The change itself (before and after, the new values), as recorded. */
  detail?: Record<string, unknown>;
};

/**
 * Records a change to settings, users, tokens or threads. Written after the change succeeded:
 * a failure to record is logged, and does not undo or hide the change it follows.
 */
export async function recordActivity(entry: ActivityInput): Promise<void> {
  try {
    await pool.query("INSERT INTO activity_event (user_id, via, action, subject, detail) VALUES ($1, $2, $3, $4, $5)", [
      entry.userId,
      entry.via,
      entry.action,
      entry.subject,
      JSON.stringify(entry.detail ?? {}),
    ]);
  } catch (err) {
    console.error(`[activity] not recorded: ${entry.action} ${entry.subject}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** A change made from the command line (recorded as by "the command line"). */
export function recordCliActivity(action: string, subject: string, detail?: Record<string, unknown>): Promise<void> {
  return recordActivity({ userId: null, via: "cli", action, subject, detail });
}

export type ActivityEvent = { id: number; at: string; by: string | null; via: ActivityVia; action: string; subject: string; detail: Record<string, unknown> };

export const activityQuerySchema = z.object({
  /** Keyset cursor: events older than this id. */
  before: dbIdText.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** The activity log, newest first, a page at a time; `next` is the `before` of the following page. */
export async function listActivity(query: z.input<typeof activityQuerySchema>): Promise<{ events: ActivityEvent[]; next: number | null }> {
  const q = activityQuerySchema.parse(query);
  const { rows } = await pool.query(
    `SELECT a.id, a.created_at, u.email, a.via, a.action, a.subject, a.detail
     FROM activity_event a LEFT JOIN app_user u ON u.id = a.user_id
     WHERE $1::int IS NULL OR a.id < $1
     ORDER BY a.id DESC LIMIT $2`,
    [q.before ?? null, q.limit + 1],
  );
  const events = rows.slice(0, q.limit).map((r) => ({
    id: r.id,
    at: r.created_at.toISOString(),
    by: r.email,
    via: r.via,
    action: r.action,
    subject: r.subject,
    detail: r.detail,
  }));
  return { events, next: rows.length > q.limit ? events[events.length - 1]!.id : null };
}
