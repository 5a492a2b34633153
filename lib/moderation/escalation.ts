import { pool } from "@/lib/db";
import { settledActiveScorer } from "@/lib/scoring";

/**
 * Threads heating up, found from the comments' own timeline:
 *  - rising incivility: the latest stretch of the thread is clearly more uncivil
 *    than what came before;
 *  - a duel: two commenters replying to each other again and again, their
 *    exchange more hostile than their earlier comments;
 *  - a burst of newcomers: many first-time commenters arriving within two hours.
 * Each signal carries a plain-language reason; threads are ranked by the sum.
 */
export type EscalationSignal = { kind: "rising" | "duel" | "newcomers"; score: number; reason: string };
export type ThreadAttention = {
  threadId: number;
  title: string;
  premoderated: boolean;
  lastCommentAt: string;
  comments: number;
  score: number;
  signals: EscalationSignal[];
};

export type TimelineComment = {
  id: number;
  parentId: number | null;
  commenterId: number | null;
  author: string;
  postedAt: number;
  incivility: number;
  firstTimer: boolean;
};

const RISE_MIN = 0.2;
const RISE_LEVEL = 0.35;
const DUEL_LINKS = 3;
const DUEL_HOSTILITY = 0.4;
const BURST_WINDOW_MS = 2 * 3_600_000;
const BURST_MIN = 5;

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);

function rising(comments: TimelineComment[]): EscalationSignal | null {
  if (comments.length < 8) return null;
  const recentCount = Math.max(4, Math.floor(comments.length / 4));
  const earlier = mean(comments.slice(0, -recentCount).map((c) => c.incivility));
  const recent = mean(comments.slice(-recentCount).map((c) => c.incivility));
  if (recent - earlier < RISE_MIN || recent < RISE_LEVEL) return null;
  return {
    kind: "rising",
    score: recent - earlier,
    reason: `incivility rose from ${Math.round(earlier * 100)}% to ${Math.round(recent * 100)}% over the last ${recentCount} comments`,
  };
}

function duel(comments: TimelineComment[]): EscalationSignal | null {
  const byId = new Map(comments.map((c) => [c.id, c]));
  const links = new Map<string, { a: TimelineComment; b: TimelineComment; replies: TimelineComment[] }>();
  for (const c of comments) {
    const parent = c.parentId === null ? undefined : byId.get(c.parentId);
    if (!parent || !c.commenterId || !parent.commenterId || parent.commenterId === c.commenterId) continue;
    const [a, b] = c.commenterId < parent.commenterId ? [c, parent] : [parent, c];
    const key = `${a.commenterId}:${b.commenterId}`;
    const entry = links.get(key) ?? { a, b, replies: [] };
    entry.replies.push(c);
    links.set(key, entry);
  }
  let best: EscalationSignal | null = null;
  for (const { a, b, replies } of links.values()) {
    const directions = new Set(replies.map((r) => r.commenterId));
    if (replies.length < DUEL_LINKS || directions.size < 2) continue;
    const pair = new Set([a.commenterId, b.commenterId]);
    const start = Math.min(...replies.map((r) => r.postedAt));
    const end = Math.max(...replies.map((r) => r.postedAt));
    const theirs = comments.filter((c) => pair.has(c.commenterId));
    const during = theirs.filter((c) => c.postedAt >= start && c.postedAt <= end).map((c) => c.incivility);
    const before = theirs.filter((c) => c.postedAt < start).map((c) => c.incivility);
    const peak = Math.max(...during);
    if (peak < DUEL_HOSTILITY || mean(during) <= mean(before)) continue;
    const score = Math.min(1, replies.length / 8) + peak;
    if (!best || score > best.score) {
      best = {
        kind: "duel",
        score,
        reason: `${a.author} and ${b.author} replied to each other ${replies.length} times, growing hostile (peak ${Math.round(peak * 100)}%)`,
      };
    }
  }
  return best;
}

function newcomers(comments: TimelineComment[]): EscalationSignal | null {
  const firsts = comments.filter((c) => c.firstTimer);
  let best = 0;
  for (let i = 0, j = 0; j < firsts.length; j++) {
    while (firsts[j]!.postedAt - firsts[i]!.postedAt > BURST_WINDOW_MS) i++;
    best = Math.max(best, j - i + 1);
  }
  if (best < BURST_MIN) return null;
  return { kind: "newcomers", score: Math.min(1, best / 15), reason: `${best} first-time commenters arrived within two hours` };
}

/** The escalation signals of one thread's timeline (oldest first). Pure: unit-testable. */
export function escalationSignals(comments: TimelineComment[]): EscalationSignal[] {
  return [rising(comments), duel(comments), newcomers(comments)].filter((s): s is EscalationSignal => s !== null);
}

/**
 * The most recently active open threads that show escalation signals, ranked.
 * Looks at the last 300 comments of each of the `threads` most recently active threads.
 */
export async function threadsNeedingAttention(options: { threads?: number; limit?: number } = {}): Promise<ThreadAttention[]> {
  const model = (await settledActiveScorer()).model;
  const { rows } = await pool.query(
    `WITH recent AS (
       -- The most recently commented open threads, from the (last_comment_at, id) index, not from
       -- grouping every comment.
       SELECT t.id, t.title, t.premoderated, t.last_comment_at AS last_at, n.total
       FROM (SELECT * FROM thread WHERE NOT closed AND last_comment_at IS NOT NULL
             ORDER BY last_comment_at DESC NULLS LAST, id DESC LIMIT $3) t
       CROSS JOIN LATERAL (SELECT count(*)::int AS total FROM comment c WHERE c.thread_id = t.id AND c.kind = 'comment') n
       WHERE n.total > 0
     ), timeline AS (
       SELECT r.id AS thread_id, x.* FROM recent r
       CROSS JOIN LATERAL (
         SELECT c.id, c.parent_id, c.commenter_id, c.author_name, c.posted_at, c.posted_at_estimated, c.source_id,
                COALESCE(s.incivility, 0) AS incivility
         FROM comment c LEFT JOIN LATERAL (SELECT * FROM score sx WHERE sx.comment_id = c.id AND sx.model = $1 AND sx.model_version = $2 LIMIT 1) s ON true
         WHERE c.thread_id = r.id AND c.kind = 'comment' ORDER BY c.posted_at DESC, c.id DESC LIMIT 300
       ) x
     ), firsts AS (
       SELECT c.commenter_id, min(c.posted_at) AS first_at FROM comment c
       WHERE c.commenter_id IN (SELECT commenter_id FROM timeline WHERE commenter_id IS NOT NULL)
       GROUP BY c.commenter_id
     ), source_start AS (
       SELECT c.source_id, min(c.posted_at) AS start_at FROM comment c
       WHERE c.source_id IN (SELECT DISTINCT source_id FROM timeline) GROUP BY c.source_id
     )
     -- A newcomer is someone whose first comment ever is this one, on a source with at
     -- least a week of history before it (at the start of an import everyone is new),
     -- and whose time is known (saved pages only estimate times).
     SELECT tl.*, r.title, r.premoderated, r.last_at, r.total,
            (f.first_at = tl.posted_at AND NOT tl.posted_at_estimated
              AND f.first_at > ss.start_at + interval '7 days') AS first_timer
     FROM timeline tl JOIN recent r ON r.id = tl.thread_id
     LEFT JOIN firsts f ON f.commenter_id = tl.commenter_id
     LEFT JOIN source_start ss ON ss.source_id = tl.source_id
     ORDER BY tl.thread_id, tl.posted_at, tl.id`,
    [model.name, model.version, options.threads ?? 200],
  );
  const byThread = new Map<number, { meta: (typeof rows)[number]; comments: TimelineComment[] }>();
  for (const r of rows) {
    const entry = byThread.get(r.thread_id) ?? { meta: r, comments: [] };
    entry.comments.push({
      id: r.id,
      parentId: r.parent_id,
      commenterId: r.commenter_id,
      author: r.author_name,
      postedAt: r.posted_at.getTime(),
      incivility: r.incivility,
      firstTimer: !!r.first_timer,
    });
    byThread.set(r.thread_id, entry);
  }
  const ranked: ThreadAttention[] = [];
  for (const [threadId, { meta, comments }] of byThread) {
    const signals = escalationSignals(comments);
    if (!signals.length) continue;
    ranked.push({
      threadId,
      title: meta.title,
      premoderated: meta.premoderated,
      lastCommentAt: meta.last_at.toISOString(),
      comments: meta.total,
      score: signals.reduce((sum, s) => sum + s.score, 0),
      signals,
    });
  }
  return ranked.sort((a, b) => b.score - a.score).slice(0, options.limit ?? 20);
}
