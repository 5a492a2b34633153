import { parse } from "csv-parse/sync";
import fs from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { query, runCli, signIn } from "./helpers";

const COLUMNS = [
  "thread.key", "thread.title", "thread.url", "thread.source", "sourceId", "parentSourceId", "parentInferred", "author",
  "postedAt", "body", "sourceStatus", "kind", "sentiment.score", "sentiment.label", "incivility.score", "moderation.status",
  "thread.section", "incivility.insult", "incivility.profanity", "incivility.threat", "incivility.identityAttack",
  "incivility.hostility", "incivility.shouting", "moderation.reason", "moderation.decidedAt", "model",
];

test.describe.configure({ mode: "serial" });

test("staff preview a report, then download it as CSV and as PDF", async ({ page }) => {
  await signIn(page, "staff");
  await page.goto("/exports");
  const [range] = await query<{ from: string; to: string }>(
    "SELECT to_char(max(posted_at)::date - 13, 'YYYY-MM-DD') AS from, to_char(max(posted_at)::date, 'YYYY-MM-DD') AS to FROM comment",
  );
  await page.getByLabel("From", { exact: true }).fill(range!.from);
  await page.getByLabel("To", { exact: true }).fill(range!.to);
  await page.getByRole("checkbox", { name: "The Harbour Times" }).check();
  await page.getByRole("button", { name: "Preview" }).click();
  const [expected] = await query<{ n: number }>(
    `SELECT count(*)::int AS n FROM comment c JOIN source s ON s.id = c.source_id
     WHERE s.key = 'harbour-times' AND c.posted_at >= $1::date AND c.posted_at < $2::date + 1`,
    [range!.from, range!.to],
  );
  await expect(page.getByTestId("preview-count")).toContainText(`${expected!.n.toLocaleString("en")} comments match`);
  await expect(page.getByTestId("preview").getByRole("row")).not.toHaveCount(0);

  const [csvDownload] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download CSV" }).click()]);
  expect(csvDownload.suggestedFilename()).toBe(`comments-${range!.from}_to_${range!.to}.csv`);
  const text = await fs.readFile((await csvDownload.path())!, "utf8");
  const rows = parse(text, { columns: true }) as Record<string, string>[];
  expect(Object.keys(rows[0]!)).toEqual(COLUMNS);
  expect(rows).toHaveLength(expected!.n);
  expect(new Set(rows.map((r) => r["thread.source"]))).toEqual(new Set(["harbour-times"]));
  expect(rows.every((r) => r.postedAt! >= range!.from && r.postedAt!.slice(0, 10) <= range!.to)).toBe(true);

  const [pdfDownload] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download PDF report" }).click()]);
  const pdf = await fs.readFile((await pdfDownload.path())!);
  expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
  const pages = pdf.toString("latin1").match(/\/Type \/Page\b/g) ?? [];
  expect(pages.length).toBeGreaterThanOrEqual(4);
  expect(pdf.toString("latin1")).toMatch(new RegExp(`/Count ${pages.length}\\b`));
});

test("admins see every export in the log; other roles cannot open it", async ({ page, browser }) => {
  await signIn(page, "admin");
  await page.goto("/admin/exports");
  const log = page.getByRole("table", { name: "Exports" });
  await expect(log.getByRole("row").filter({ hasText: "staff@demo.local" }).filter({ hasText: "PDF" }).first()).toBeVisible();
  await expect(log.getByRole("row").filter({ hasText: "staff@demo.local" }).filter({ hasText: "CSV" }).first()).toContainText("source: harbour-times");
  const staff = await browser.newPage();
  await signIn(staff, "staff");
  expect((await staff.request.get("/admin/exports", { maxRedirects: 0 })).status()).toBe(403);
  await staff.close();
});

test("the reports API answers a bearer token and nobody without one", async ({ request }) => {
  const anonymous = await request.get("/api/v1/reports?format=pdf");
  expect(anonymous.status()).toBe(401);
  const token = await runCli("scripts/user.ts", ["token", "--email", "staff@demo.local"]);
  expect(token.code, token.stderr).toBe(0);
  const secret = token.stdout.trim().split(/\s+/).pop()!;
  const csv = await request.get("/api/v1/reports?format=csv&status=rejected", { headers: { authorization: `Bearer ${secret}` } });
  expect(csv.status()).toBe(200);
  expect(csv.headers()["content-type"]).toContain("text/csv");
  const rows = parse(await csv.text(), { columns: true }) as Record<string, string>[];
  const [rejected] = await query<{ n: number }>("SELECT count(*)::int AS n FROM comment WHERE mod_status = 'rejected'");
  expect(rows).toHaveLength(rejected!.n);
  const bad = await request.get("/api/v1/reports?format=csv&from=yesterday", { headers: { authorization: `Bearer ${secret}` } });
  expect(bad.status()).toBe(422);
});
