import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { query, signIn } from "./helpers";
import { SHARED } from "../support/paths";

const FIXTURES = path.join(SHARED, "fixtures");

test.describe.configure({ mode: "serial" });

test("a moderator uploads a Disqus export and a malformed WXR file and sees each run's outcome", async ({ page }) => {
  await signIn(page, "moderator");
  await page.getByRole("link", { name: "Imports" }).click();
  await expect(page).toHaveURL(/\/imports$/);
  await page.getByLabel(/^Files/).setInputFiles([path.join(FIXTURES, "isso", "disqus.xml"), path.join(FIXTURES, "wordpress-importer", "malformed.xml")]);
  await page.getByRole("button", { name: "Import" }).click();

  const results = page.getByRole("status", { name: "Upload results" });
  await expect(results.getByRole("listitem")).toHaveCount(2, { timeout: 30_000 });
  await expect(results).toContainText("✓ disqus.xml: 5 comments in 2 threads (5 new, 0 updated, 0 unchanged), 1 orphan,");
  await expect(results).toContainText(/disqus\.xml: .*; scored during the import, \d+ flagged by the rules/);
  await expect(results).toContainText("✗ malformed.xml: line 27: <rss> holds <notachanneltag> where a WordPress export has <channel>");

  const runs = page.getByRole("table", { name: "Import runs" });
  // Other specs import files whose names end the same way; match the file cell exactly.
  const byFile = (name: string) => runs.getByRole("row").filter({ has: page.getByRole("cell", { name, exact: true }) });
  const good = byFile("disqus.xml");
  await expect(good).toContainText("succeeded");
  await expect(good).toContainText("moderator@demo.local");
  await good.getByText("1 orphan, notes").click();
  await expect(good).toContainText("Disqus XML export");
  await expect(good).toContainText("line 66: 6 names thread 1337, which is not in the file");
  await expect(byFile("malformed.xml")).toContainText("rejected");

  const stored = await query<{ n: number }>("SELECT count(*)::int AS n FROM comment c JOIN source s ON s.id = c.source_id WHERE s.key = 'disqus:disqusdev'");
  expect(stored).toEqual([{ n: 5 }]);
});

test("a file without comments is reported as such, not as a success", async ({ page }) => {
  await signIn(page, "moderator");
  await page.goto("/imports");
  await page.getByLabel(/^Files/).setInputFiles({
    name: "no-comments.txt",
    mimeType: "text/plain",
    buffer: Buffer.from("Council approves the harbour budget\n\nThe vote was unanimous. Nobody has commented yet.\n"),
  });
  await page.getByRole("button", { name: "Import" }).click();
  const result = page.getByRole("status", { name: "Upload results" }).getByRole("listitem");
  await expect(result).toHaveCount(1, { timeout: 30_000 });
  await expect(result).toContainText("! no-comments.txt: no comments found");
  await expect(result).toHaveClass("warning");
  const run = page.getByRole("table", { name: "Import runs" }).getByRole("row").filter({ has: page.getByRole("cell", { name: "no-comments.txt", exact: true }) });
  await expect(run.getByRole("cell", { name: "succeeded, no comments" })).toHaveClass("warning");
});

test("a large upload shows its progress while the server imports it", async ({ page }) => {
  await signIn(page, "moderator");
  await page.goto("/imports");
  // 10,000 civil comments in a source of their own, dated years before the demo data.
  const start = Date.parse("2019-03-01T00:00:00Z");
  const rows = Array.from({ length: 10_000 }, (_, i) => `e2e-progress,harbour-${i % 20},p${i},${new Date(start + i * 60_000).toISOString()},Thanks for the update on the harbour plan (${i + 1}).`);
  await page.getByLabel(/^Files/).setInputFiles({
    name: "progress.csv",
    mimeType: "text/csv",
    buffer: Buffer.from(`thread.source,thread.key,sourceId,postedAt,body\n${rows.join("\n")}\n`),
  });
  await page.getByRole("button", { name: "Import" }).click();
  // The importer's own phases reach the page while it works, not only the bytes sent.
  await expect(page.getByTestId("upload-progress")).toContainText(/Importing progress\.csv: (reading,|storing|scoring) [1-9][\d,]*/, { timeout: 30_000 });
  const result = page.getByRole("status", { name: "Upload results" }).getByRole("listitem");
  await expect(result).toContainText("✓ progress.csv: 10,000 comments in 20 threads (10,000 new, 0 updated, 0 unchanged)", { timeout: 60_000 });
  await expect(page.getByTestId("upload-progress")).toHaveCount(0);
  const stored = await query<{ n: number }>("SELECT count(*)::int AS n FROM comment c JOIN source s ON s.id = c.source_id WHERE s.key = 'e2e-progress'");
  expect(stored).toEqual([{ n: 10_000 }]);
});

/**
 * Signs in a moderator and uploads `NAME.csv`, 40,000 comments of source `e2e-NAME` from `start`:
 * large enough that the import is still running when the test acts. Returns once it is importing.
 */
async function startLargeUpload(page: Page, name: string, start: string) {
  await signIn(page, "moderator");
  await page.goto("/imports");
  const from = Date.parse(start);
  const rows = Array.from({ length: 40_000 }, (_, i) => `e2e-${name},${name}-${i % 20},${name}${i},${new Date(from + i * 60_000).toISOString()},A note on the ${name} plan (${i + 1}).`);
  await page.getByLabel(/^Files/).setInputFiles({
    name: `${name}.csv`,
    mimeType: "text/csv",
    buffer: Buffer.from(`thread.source,thread.key,sourceId,postedAt,body\n${rows.join("\n")}\n`),
  });
  await page.getByRole("button", { name: "Import" }).click();
  await expect(page.getByTestId("upload-progress")).toContainText(new RegExp(`Importing ${name}\\.csv: (reading,|storing|scoring) [1-9][\\d,]*`), { timeout: 30_000 });
}

test("cancelling an upload mid-import rolls its file back and lists the run as cancelled", async ({ page }) => {
  await startLargeUpload(page, "cancel", "2018-03-01T00:00:00Z");
  await page.getByRole("button", { name: "Cancel", exact: true }).click();
  const result = page.getByRole("status", { name: "Upload results" }).getByRole("listitem");
  await expect(result).toContainText("! cancel.csv: cancelled; the import stops and stores nothing");
  await expect(page.getByRole("button", { name: "Cancel", exact: true })).toHaveCount(0);
  // The focus Cancel had goes back to Import, not to the page's top.
  await expect(page.getByRole("button", { name: "Import" })).toBeFocused();
  // The server notices the hang-up and rolls the file back at its next step.
  await expect
    .poll(async () => (await query<{ status: string }>("SELECT status::text FROM import_run WHERE file = 'cancel.csv' ORDER BY id DESC LIMIT 1"))[0]?.status, { timeout: 30_000 })
    .toBe("cancelled");
  const stored = await query<{ n: number }>("SELECT count(*)::int AS n FROM comment c JOIN source s ON s.id = c.source_id WHERE s.key = 'e2e-cancel'");
  expect(stored).toEqual([{ n: 0 }]);
  await page.reload();
  const run = page.getByRole("table", { name: "Import runs" }).getByRole("row").filter({ has: page.getByRole("cell", { name: "cancel.csv", exact: true }) });
  await expect(run.getByRole("cell", { name: "cancelled" })).toHaveClass("warning");
});

test("going to another page mid-upload cancels it, as closing the tab does", async ({ page }) => {
  await startLargeUpload(page, "leave", "2018-04-01T00:00:00Z");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Queue" }).click();
  await expect(page).toHaveURL(/\/queue/);
  await expect
    .poll(async () => (await query<{ status: string }>("SELECT status::text FROM import_run WHERE file = 'leave.csv' ORDER BY id DESC LIMIT 1"))[0]?.status, { timeout: 30_000 })
    .toBe("cancelled");
  expect(await query<{ n: number }>("SELECT count(*)::int AS n FROM comment c JOIN source s ON s.id = c.source_id WHERE s.key = 'e2e-leave'")).toEqual([{ n: 0 }]);
});

test("an editor has no Imports link and cannot upload", async ({ page }) => {
  await signIn(page, "editor");
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Imports" })).toHaveCount(0);
  const response = await page.request.post("/api/imports?name=x.csv", { data: "thread.key,sourceId,postedAt,body\n" });
  expect(response.status()).toBe(403);
});
