import { Readable } from "node:stream";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { beforeAll, describe, expect, it } from "vitest";
import { pool } from "@/lib/db";
import { createUser } from "@/lib/auth/users";
import { db } from "@/lib/db";
import { importUpload, spoolName } from "@/lib/ingest/upload";

const bytes = (data: string) => Readable.toWeb(Readable.from([Buffer.from(data)])) as WebReadableStream<Uint8Array>;
// A saved page whose first lines are page chrome: the thread is titled and keyed by the file's name.
const page = (who: string, body: string) => `Rate this article\n(no votes)\nShare this article\n\nSome article text that is long enough.\n\n  • ${who}\n\n    ${body}\n`;

let userId: number;
beforeAll(async () => {
  await createUser({ email: "bad-input@test.local", role: "moderator", password: "bad-input-pass-123", name: "Bad input" });
  userId = (await db.user.findUniqueOrThrow({ where: { email: "bad-input@test.local" }, select: { id: true } })).id;
});

async function threadsOf(authors: string[]) {
  const { rows } = await pool.query<{ author: string; key: string; title: string; id: string }>(
    `SELECT c.author_name AS author, t.key, t.title, c.source_comment_id AS id
     FROM comment c JOIN thread t ON t.id = c.thread_id WHERE c.author_name = ANY($1) ORDER BY c.author_name`,
    [authors],
  );
  return rows;
}

describe("uploads of headline-less saved pages", () => {
  it("keep pages named in other scripts apart, so a later upload overwrites nothing", async () => {
    for (const [name, who] of [["Статья о Японии.txt", "Ivan"], ["日本とロシア.txt", "Taro"], ["🙂.txt", "Smile"], ["😀.txt", "Grin"]] as const) {
      expect(await importUpload(bytes(page(who, `${who} disagrees.`)), null, { name }, userId)).toMatchObject({ ok: true, summary: { comments: 1, inserted: 1 } });
    }
    const rows = await threadsOf(["Ivan", "Taro", "Smile", "Grin"]);
    expect(rows.map((r) => r.author)).toEqual(["Grin", "Ivan", "Smile", "Taro"]);
    expect(new Set(rows.map((r) => r.key)).size).toBe(4);
    expect(rows.find((r) => r.author === "Ivan")).toMatchObject({ key: "page:статья-о-японии", title: "Статья о Японии", id: "page:статья-о-японии#1" });
    expect(rows.find((r) => r.author === "Taro")).toMatchObject({ key: "page:日本とロシア", title: "日本とロシア" });
  });

  it("key ASCII names exactly as before, so earlier imports are updated in place", async () => {
    await importUpload(bytes(page("Paula", "First version.")), null, { name: "Story (1).txt" }, userId);
    const again = await importUpload(bytes(page("Paula", "Edited version.")), null, { name: "Story (1).txt" }, userId);
    expect(again).toMatchObject({ ok: true, summary: { inserted: 0, updated: 1 } });
    expect(await threadsOf(["Paula"])).toEqual([{ author: "Paula", key: "page:story-1", title: "Story _1_", id: "page:story-1#1" }]);
  });
});

describe("the name an upload is spooled under", () => {
  it("keeps the base name, ASCII as before, letters of every script, and no path", () => {
    expect(spoolName("Story (1).txt")).toBe("Story _1_.txt");
    expect(spoolName("../../etc/Статья о Японии.txt")).toBe("Статья о Японии.txt");
    expect(spoolName("a\u0000b\u202e.txt")).toBe("a_b_.txt");
    // Latin names keep the form earlier versions gave them: pages keyed by them re-import onto their threads.
    expect(spoolName("Café 2024.txt")).toBe("Caf_ 2024.txt");
    expect(spoolName("Überraschung.txt")).toBe("_berraschung.txt");
    expect(spoolName("5µm ℓ.html")).toBe("5_m _.html");
    // Other scripts are kept whole, even beside digits the old form would have kept alone.
    expect(spoolName("Статья 2024.txt")).toBe("Статья 2024.txt");
  });

  it("fits the file system's 255 bytes however many bytes the name's characters take", () => {
    const long = spoolName(`${"日本".repeat(120)}.txt`);
    expect(Buffer.byteLength(long)).toBeLessThanOrEqual(255);
    expect(long.endsWith(".txt")).toBe(true);
  });
});
