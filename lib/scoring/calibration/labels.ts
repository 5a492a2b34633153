import type { Pool, PoolClient } from "pg";
import { ERASED_HASH } from "@/lib/ingest/comment-upsert";
import { LATEST_JUDGEMENT_SQL } from "@/lib/moderation/constants";

/** One comment the newsroom has, in effect, labelled. */
export type SiteLabel = { id: number; body: string; uncivil: 0 | 1; origin: "decision" | "source" };

/** What was read, and what was left out and why. */
export type SiteLabels = {
  labels: SiteLabel[];
  /** Comments whose text (case and spacing aside) repeats a newer or better-labelled one. */
  duplicates: number;
  /** Sources that removed too few comments for "published there" to mean "judged civil". */
  unmoderatedSources: string[];
};

/** At most this many comments (the newest) are read, to bound memory and time. */
export const MAX_LABELS = 200_000;

/**
 * A source whose export shows it removed (deleted, marked spam or held) at least this
 * share of its comments evidently moderates, so a comment it published was let through.
 * Where nothing or next to nothing was ever removed, publication says nothing.
 */
export const MODERATED_SOURCE_MIN_REMOVED = 0.005;

const REMOVED_AT_SOURCE = "c.source_status IN ('deleted', 'spam', 'pending')";

/**
 * Labels from the newsroom's own moderation: a moderator's latest approve (0) or
 * reject (1) wins; otherwise the source's verdict: deleted, spam or held as
 * pending (1), published (0) but only in a source that moderates (see above) and
 * neither rejected by a banned term nor escalated since. A
 * later "restore" undoes a decision, so the comment falls back to its source
 * verdict; so does a re-import that changed the text (LATEST_JUDGEMENT_SQL). Erased
 * comments are left out. Pingbacks and trackbacks are left out. A text that repeats counts once
 * (a flood of copies must not outvote the moderators): a moderator's label wins,
 * then the newest comment's.
 */
export async function readSiteLabels(client: Pool | PoolClient, limit = MAX_LABELS): Promise<SiteLabels> {
  const { rows: sources } = await client.query<{ id: number; key: string; moderated: boolean }>(
    `SELECT s.id, s.key, count(*) FILTER (WHERE ${REMOVED_AT_SOURCE}) >= GREATEST(1, $1::float8 * count(*)) AS moderated
     FROM comment c JOIN source s ON s.id = c.source_id
     WHERE c.kind = 'comment'
     GROUP BY s.id, s.key
     ORDER BY s.key`,
    [MODERATED_SOURCE_MIN_REMOVED],
  );
  const { rows } = await client.query<{ id: number; body: string; uncivil: number; decided: boolean }>(
    `WITH latest AS (${LATEST_JUDGEMENT_SQL})
     SELECT c.id, c.body,
            CASE WHEN l.action = 'reject' THEN 1
                 WHEN l.action = 'approve' THEN 0
                 WHEN ${REMOVED_AT_SOURCE} THEN 1
                 ELSE 0 END AS uncivil,
            COALESCE(l.action IN ('approve', 'reject'), false) AS decided
     FROM comment c
     LEFT JOIN latest l ON l.comment_id = c.id
     WHERE c.kind = 'comment'
       -- An erased comment's text is a placeholder: no example of anything.
       AND c.content_hash <> '${ERASED_HASH}'
       -- Published at a moderating source: evidence of civility, whether or not our own rules
       -- flagged it since (leaving out what the model flags would hide its false alarms); not
       -- where a banned term rejected it (a rule, not a judgement) or a moderator escalated it.
       AND (l.action IN ('approve', 'reject') OR ${REMOVED_AT_SOURCE} OR (c.source_id = ANY($2::int[]) AND c.mod_status IN ('none', 'flagged')))
     ORDER BY c.id DESC
     LIMIT $1`,
    [limit, sources.filter((s) => s.moderated).map((s) => s.id)],
  );
  const byText = new Map<string, SiteLabel>();
  for (const r of rows) {
    const label: SiteLabel = { id: r.id, body: r.body, uncivil: r.uncivil ? 1 : 0, origin: r.decided ? "decision" : "source" };
    const key = sameText(r.body);
    const kept = byText.get(key);
    if (!kept || (kept.origin === "source" && label.origin === "decision")) byText.set(key, label);
  }
  return {
    labels: [...byText.values()],
    duplicates: rows.length - byText.size,
    unmoderatedSources: sources.filter((s) => !s.moderated).map((s) => s.key),
  };
}

/** A text with case, punctuation and spacing set aside: copies of one comment share it. */
export function sameText(body: string): string {
  const words = body.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, " ").trim();
  // Emoji or punctuation alone: the text itself, or every such comment would be one label.
  return words || `\u0000${body.trim()}`;
}

/** Every fourth comment (by a fixed hash of its id) is held back to judge the fit. */
export function isHeldBack(id: number): boolean {
  return (Math.imul(id, 2654435761) >>> 0) % 4 === 0;
}
