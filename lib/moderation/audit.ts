import { z } from "zod";
import { dbIdText, dbText } from "@/lib/zod-fields";
import { calendarDate } from "@/lib/calendar-date";
import { pool } from "@/lib/db";
import { containsPattern } from "@/lib/like";
import { getTimezone } from "@/lib/analytics/timezone";
import { AUDIT_ACTIONS } from "./constants";

export const auditQuerySchema = z.object({
  /** A moderator's email or part of it, or "system" for automatic flags, unflags and banned-term rejections. */
  moderator: dbText.trim().min(1).max(200).optional(),
  action: z.enum(AUDIT_ACTIONS).optional(),
  from: calendarDate.optional(),
  to: calendarDate.optional(),
  comment: dbIdText.optional(),
  /** One commenter's comments (the commenter page links here for their whole history). */
  commenter: dbIdText.optional(),
  /** Keyset cursor: the id of the last entry seen. */
  before: dbIdText.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type AuditQuery = z.input<typeof auditQuerySchema>;

export type AuditEntry = {
  id: number;
  at: string;
  by: string | null;
  action: string;
  reason: string | null;
  note: string | null;
  before: string;
  after: string;
  previousVersion: number;
  applied: boolean;
  via: string;
  comment: { id: number; authorName: string; excerpt: string; threadId: number; threadTitle: string };
};

/** The append-only decision log, newest first, filtered by moderator, action and date. */
export async function listAudit(query: AuditQuery): Promise<{ entries: AuditEntry[]; next: number | null }> {
  const q = auditQuerySchema.parse(query);
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  if (q.moderator === "system") where.push("d.user_id IS NULL");
  else if (q.moderator) where.push(`u.email ILIKE ${add(containsPattern(q.moderator))}`);
  if (q.action) where.push(`d.action = ${add(q.action)}::"DecisionAction"`);
  // Days are the newsroom's, as the log shows its times (and as the queue and reports filter).
  const timezone = q.from || q.to ? await getTimezone() : "UTC";
  if (q.from) where.push(`d.created_at >= (${add(q.from)}::date)::timestamp AT TIME ZONE ${add(timezone)}`);
  if (q.to) where.push(`d.created_at < (${add(q.to)}::date + 1)::timestamp AT TIME ZONE ${add(timezone)}`);
  if (q.comment) where.push(`d.comment_id = ${add(q.comment)}`);
  // By their comments' ids, so the decision log is read through its comment index, not scanned.
  if (q.commenter) where.push(`d.comment_id IN (SELECT id FROM comment WHERE commenter_id = ${add(q.commenter)})`);
  if (q.before) where.push(`d.id < ${add(q.before)}`);
  const { rows } = await pool.query(
    `SELECT d.id, d.created_at, u.email, d.action, d.reason, d.note, d.previous_status, d.new_status,
            d.previous_version, d.applied, d.via, c.id AS comment_id, c.author_name, left(c.body, 160) AS excerpt,
            t.id AS thread_id, t.title
     FROM decision d
     JOIN comment c ON c.id = d.comment_id JOIN thread t ON t.id = c.thread_id
     LEFT JOIN app_user u ON u.id = d.user_id
     ${where.length ? `WHERE ${where.join(" AND ")}` : ""}
     ORDER BY d.id DESC LIMIT ${add(q.limit + 1)}`,
    params,
  );
  const entries: AuditEntry[] = rows.slice(0, q.limit).map((r) => ({
    id: r.id,
    at: r.created_at.toISOString(),
    by: r.email,
    action: r.action,
    reason: r.reason,
    note: r.note,
    before: r.previous_status,
    after: r.new_status,
    previousVersion: r.previous_version,
    applied: r.applied,
    via: r.via,
    comment: { id: r.comment_id, authorName: r.author_name, excerpt: r.excerpt, threadId: r.thread_id, threadTitle: r.title },
  }));
  return { entries, next: rows.length > q.limit ? entries[entries.length - 1]!.id : null };
}
