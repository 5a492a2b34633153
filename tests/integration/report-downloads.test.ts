import { beforeAll, describe, expect, it } from "vitest";
import { pool } from "@/lib/db";
import { createUser, type PublicUser } from "@/lib/auth/users";
import { DOWNLOADS_AT_ONCE, downloadsInProgress, reportResponse } from "@/lib/reports/respond";
import { insertSource, insertThread } from "./analytics-dataset";
import { until } from "../support/until";
import { eraseCommenter } from "@/lib/privacy/erase-commenter";

let user: PublicUser;

beforeAll(async () => {
  user = (await createUser({ email: "downloads@test.local", role: "staff", password: "long-enough-pw" })).user;
  const source = await insertSource("downloads");
  const thread = await insertThread(source, "downloads-thread", null);
  // More than one page (2,000): a download then reads every page in one snapshot, holding a connection.
  await pool.query(
    `INSERT INTO comment (source_id, thread_id, source_comment_id, author_name, body, posted_at, content_hash)
     SELECT $1, $2, 'd' || n, 'Reader', 'Comment ' || n, timestamptz '2026-04-01' + n * interval '1 minute', 'h' || n
     FROM generate_series(1, 2500) AS n`,
    [source, thread],
  );
});

const download = () => reportResponse(new Request("http://localhost/api/v1/reports?format=csv&source=downloads"), user, "api");
const heldSnapshots = async () =>
  (await pool.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND state = 'idle in transaction'",
  )).rows[0]!.n;

describe("reports streamed by the web server", () => {
  it(`streams ${DOWNLOADS_AT_ONCE} at once, refuses another with 429, and frees a place however a download ends`, async () => {
    const open = await Promise.all(Array.from({ length: DOWNLOADS_AT_ONCE }, download));
    expect(downloadsInProgress()).toBe(DOWNLOADS_AT_ONCE);
    expect(await heldSnapshots()).toBe(DOWNLOADS_AT_ONCE);
    await expect(download()).rejects.toMatchObject({ status: 429, message: expect.stringContaining("start a background export") });

    // Cancelled at once by the client: its snapshot and place go too.
    await open[0]!.body!.cancel();
    expect(downloadsInProgress()).toBe(DOWNLOADS_AT_ONCE - 1);
    expect(await heldSnapshots()).toBe(DOWNLOADS_AT_ONCE - 1);

    // Read to the end: the whole report, and its place back.
    const text = await open[1]!.text();
    expect(text.trim().split("\n")).toHaveLength(2501);
    expect(downloadsInProgress()).toBe(DOWNLOADS_AT_ONCE - 2);

    // Cancelled midway.
    const reader = open[2]!.body!.getReader();
    await reader.read();
    await reader.cancel();
    await open[3]!.body!.cancel();
    expect(downloadsInProgress()).toBe(0);
    expect(await heldSnapshots()).toBe(0);
    const { rows } = await pool.query("SELECT status, count(*)::int AS n FROM export_run WHERE user_id = $1 GROUP BY status ORDER BY status", [user.id]);
    expect(rows).toEqual([{ status: "cancelled", n: 3 }, { status: "completed", n: 1 }]);
  });

  it("makes no report for a HEAD, and ends one whose client is gone before its body is read", async () => {
    const url = "http://localhost/api/v1/reports?format=csv&source=downloads";
    const before = (await pool.query<{ n: number }>("SELECT count(*)::int AS n FROM export_run")).rows[0]!.n;
    const head = await reportResponse(new Request(url, { method: "HEAD" }), user, "api");
    expect(head.headers.get("content-disposition")).toMatch(/^attachment; filename=".*\.csv"$/);
    expect(downloadsInProgress()).toBe(0);
    expect(await heldSnapshots()).toBe(0);

    const client = new AbortController();
    const response = await reportResponse(new Request(url, { signal: client.signal }), user, "api");
    expect(downloadsInProgress()).toBe(1);
    client.abort();
    await until("the report to end with its client", async () => downloadsInProgress() === 0 && (await heldSnapshots()) === 0, 5000);
    expect(response.bodyUsed).toBe(false);
    // Gone while the first chunks were still being made (no listener hears an abort that came before it).
    await expect(reportResponse(new Request(url, { signal: AbortSignal.abort() }), user, "api")).rejects.toThrow(
      "the download was abandoned before it began",
    );
    expect(downloadsInProgress()).toBe(0);
    expect(await heldSnapshots()).toBe(0);
    const { rows } = await pool.query("SELECT format, status FROM export_run ORDER BY id OFFSET $1", [before]);
    expect(rows).toEqual([{ format: "csv", status: "cancelled" }, { format: "csv", status: "cancelled" }]);
  });

  it("fails a download during which a commenter's data was erased, rather than end it whole", async () => {
    const { rows: made } = await pool.query<{ id: number }>(
      "INSERT INTO commenter (source_id, key, display_name) SELECT id, 'erase-me', 'Erase Me' FROM source WHERE key = 'downloads' RETURNING id",
    );
    const response = await download();
    const reader = response.body!.getReader();
    await reader.read();
    await eraseCommenter(made[0]!.id);
    const rest = (async () => {
      for (;;) if ((await reader.read()).done) return;
    })();
    await expect(rest).rejects.toThrow("a commenter's data was erased while the report was made");
    expect(downloadsInProgress()).toBe(0);
    const { rows } = await pool.query("SELECT status FROM export_run ORDER BY id DESC LIMIT 1");
    expect(rows).toEqual([{ status: "failed" }]);
  });

  it("refuses a PDF whose summary was read across an erasure, before its first byte", { timeout: 30_000 }, async () => {
    const { rows: made } = await pool.query<{ id: number }>(
      "INSERT INTO commenter (source_id, key, display_name) SELECT id, 'erase-me-too', 'Erase Me Too' FROM source WHERE key = 'downloads' RETURNING id",
    );
    // The summary's queries (which join the sources) wait for this lock; the erasure, which
    // touches no source, commits meanwhile.
    const blocker = await pool.connect();
    try {
      await blocker.query("BEGIN");
      await blocker.query("LOCK TABLE source IN ACCESS EXCLUSIVE MODE");
      const pdf = reportResponse(new Request("http://localhost/api/v1/reports?format=pdf&from=2026-04-01&to=2026-04-02"), user, "api");
      const failed = pdf.then(
        () => null,
        (err: unknown) => err,
      );
      await until("the summary to wait for the lock", async () =>
        (await pool.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%count(s.id)%'")).rows[0]!.n > 0, 10_000);
      await eraseCommenter(made[0]!.id);
      await blocker.query("COMMIT");
      expect(await failed).toMatchObject({ status: 409, message: expect.stringMatching(/^a commenter's data was erased while the report was made/) });
    } finally {
      blocker.release();
    }
    expect(downloadsInProgress()).toBe(0);
    const { rows } = await pool.query("SELECT format, status FROM export_run ORDER BY id DESC LIMIT 1");
    expect(rows).toEqual([{ format: "pdf", status: "failed" }]);
  });
});
