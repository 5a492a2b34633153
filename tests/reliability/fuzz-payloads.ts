import type pg from "pg";
import type { HostileFile } from "../support/hostile-files";

/**
 * How many payloads of a corpus file are not stored exactly as written under the
 * source: comment texts with their authors, the thread title, and the source's own
 * HTML kept byte for byte (it is stored, never rendered).
 */
export async function payloadsMissing(client: pg.ClientBase | pg.Pool, sourceKey: string, file: HostileFile): Promise<number> {
  const { rows } = await client.query<{ body: string; author: string; html: string | null; title: string }>(
    `SELECT c.body, c.author_name AS author, c.body_html AS html, t.title
     FROM comment c JOIN source s ON s.id = c.source_id JOIN thread t ON t.id = c.thread_id WHERE s.key = $1`,
    [sourceKey],
  );
  const stored = new Set(rows.map((r) => `${r.author}\u0001${r.body}`));
  const html = new Set(rows.map((r) => r.html));
  const titled = rows.some((r) => r.title === file.title);
  return (
    file.expected.filter((c) => !stored.has(`${c.author}\u0001${c.body}`)).length +
    file.rawHtml.filter((p) => !html.has(p)).length +
    (titled ? 0 : 1)
  );
}
