import { pool } from "@/lib/db";
import { ImportWriter } from "@/lib/ingest/writer";
import type { ParsedComment } from "@/lib/ingest/types";
import { activeScorer } from "@/lib/scoring";
import { flagComments } from "@/lib/moderation/flag";

export type FixtureComment = {
  id: string;
  body?: string;
  author?: string;
  parent?: string;
  at?: Date;
  status?: ParsedComment["sourceStatus"];
  incivility?: number;
  attributes?: Partial<Record<string, number>>;
};

/**
 * Stores comments with hand-set scores for the active model (bypassing the scorer,
 * so moderation tests pin moderation behaviour, not the model's), then applies the
 * moderation rules exactly as an import does. Returns source id → comment id.
 */
export async function seedScored(threadKey: string, comments: FixtureComment[], options: { title?: string; source?: string } = {}) {
  const client = await pool.connect();
  const start = new Date("2026-03-01T10:00:00Z").getTime();
  try {
    await client.query("BEGIN");
    const writer = await ImportWriter.begin(client, { key: options.source ?? "mod-site", name: "Moderation test site", platform: "test" });
    await writer.writeThreads([{ key: threadKey, title: options.title ?? `Thread ${threadKey}` }]);
    await writer.writeComments(
      comments.map((c, i) => ({
        sourceCommentId: c.id,
        threadKey,
        parentSourceId: c.parent ?? null,
        authorKey: (c.author ?? `reader-${c.id}`).toLowerCase(),
        authorName: c.author ?? `reader-${c.id}`,
        body: c.body ?? `Comment ${c.id}.`,
        postedAt: c.at ?? new Date(start + i * 60_000),
        sourceStatus: c.status ?? "visible",
      })),
    );
    await writer.linkParents();
    await client.query("COMMIT");
  } finally {
    client.release();
  }
  const model = activeScorer().model;
  const { rows } = await pool.query<{ id: number; source_comment_id: string }>(
    "SELECT id, source_comment_id FROM comment WHERE source_comment_id = ANY($1::text[])",
    [comments.map((c) => c.id)],
  );
  const ids = new Map(rows.map((r) => [r.source_comment_id, r.id]));
  await pool.query(
    `INSERT INTO score (comment_id, model, model_version, sentiment, sentiment_label, incivility, attributes, spans)
     SELECT u.id, $1, $2, 0, 'neutral', u.incivility, u.attributes, '[]'
     FROM unnest($3::int[], $4::float8[], $5::jsonb[]) AS u(id, incivility, attributes)
     ON CONFLICT (comment_id, model, model_version) DO UPDATE SET incivility = EXCLUDED.incivility, attributes = EXCLUDED.attributes`,
    [
      model.name,
      model.version,
      comments.map((c) => ids.get(c.id)),
      comments.map((c) => c.incivility ?? 0),
      comments.map((c) => JSON.stringify(c.attributes ?? {})),
    ],
  );
  await flagComments([...ids.values()], model);
  return ids;
}
