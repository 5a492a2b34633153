import { spawn } from "node:child_process";
import { parse } from "csv-parse/sync";
import fs from "node:fs/promises";
import { expect, test, type Route } from "@playwright/test";
import { E2E } from "./env";
import { query, runCli, signIn } from "./helpers";

const COLUMNS = [
  "thread.key", "thread.title", "thread.url", "thread.source", "sourceId", "parentSourceId", "parentInferred", "author",
  "postedAt", "postedAtLocal", "body", "sourceStatus", "kind", "sentiment.score", "sentiment.label", "incivility.score", "moderation.status",
  "thread.section", "incivility.insult", "incivility.profanity", "incivility.threat", "incivility.identityAttack",
  "incivility.hostility", "incivility.shouting", "moderation.reason", "moderation.decidedAt", "model", "postedAtEstimated",
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
  expect(pages.length).toBeGreaterThanOrEqual(3);
  expect(pdf.toString("latin1")).toMatch(new RegExp(`/Count ${pages.length}\\b`));

  // Edited filters no longer match the preview: nothing is offered until it is run again.
  await page.getByRole("checkbox", { name: "The Harbour Times" }).uncheck();
  await expect(page.getByTestId("filters-stale")).toContainText("press Preview");
  await expect(page.getByRole("link", { name: "Download CSV" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Export in background" })).toHaveAttribute("aria-disabled", "true");
  await page.getByRole("button", { name: "Preview" }).click();
  await expect(page.getByRole("link", { name: "Download CSV" })).toHaveAttribute("href", /from=/);
  await expect(page.getByRole("link", { name: "Download CSV" })).not.toHaveAttribute("href", /source=/);
  await expect(page.getByRole("button", { name: "Export in background" })).not.toHaveAttribute("aria-disabled");
});

test("admins see every export in the log; other roles cannot open it", async ({ page, browser }) => {
  await signIn(page, "admin");
  await page.goto("/admin/exports");
  const log = page.getByRole("table", { name: "Exports" });
  await expect(log.getByRole("row").filter({ hasText: "staff@demo.local" }).filter({ hasText: "PDF" }).first()).toBeVisible();
  await expect(log.getByRole("row").filter({ hasText: "staff@demo.local" }).filter({ hasText: "CSV" }).first()).toContainText("source: harbour-times");
  // A format it does not know is named and left out; the email filter still applies.
  await page.goto("/admin/exports?email=staff%40demo&format=docx");
  await expect(page.getByRole("alert").filter({ hasText: "Left out" })).toContainText("Left out, as they cannot be used: format");
  await expect(page.getByLabel("User email contains")).toHaveValue("staff@demo");
  await expect(log.getByRole("row").filter({ hasText: "@" }).filter({ hasNotText: "staff@demo.local" })).toHaveCount(0);
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

test("staff export a report in the background, follow it and download it; other users cannot see it", async ({ page, browser, request }) => {
  test.setTimeout(120_000);
  await signIn(page, "staff");
  await page.goto("/exports?preview=1&source=harbour-times");
  const section = page.getByTestId("background-exports");
  await section.getByLabel("Format").selectOption("csv");
  await section.getByRole("button", { name: "Export in background" }).click();
  const row = section.getByRole("table", { name: "Your background exports" }).getByRole("row").nth(1);
  await expect(row).toContainText("Queued");
  await expect(row).toContainText("harbour-times");
  const id = (await row.getAttribute("data-job-id"))!;

  const worker = spawn(process.execPath, ["--import", "tsx", "scripts/worker.ts", "--queues", "export-report"], {
    env: { ...process.env, DATABASE_URL: E2E.databaseUrl, EXPORT_DIR: E2E.exportDir },
    stdio: "ignore",
  });
  try {
    const link = row.getByRole("link", { name: /^Save file: the CSV export requested / });
    await expect(link).toBeVisible({ timeout: 60_000 });
    await expect(section.getByRole("status")).toHaveText("The CSV export is ready to download.");
    const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
    expect(download.suggestedFilename()).toMatch(/^comments-\d{4}-\d{2}-\d{2}\.csv$/);
    const rows = parse(await fs.readFile((await download.path())!, "utf8"), { columns: true }) as Record<string, string>[];
    const [expected] = await query<{ n: number }>("SELECT count(*)::int AS n FROM comment c JOIN source s ON s.id = c.source_id WHERE s.key = 'harbour-times'");
    expect(rows).toHaveLength(expected!.n);
    expect(await (await page.request.get(`/api/v1/reports/jobs/${id}`)).json()).toMatchObject({ state: "done", done: expected!.n, total: expected!.n });
  } finally {
    worker.kill("SIGTERM");
  }

  const editor = await browser.newPage();
  await signIn(editor, "editor");
  expect((await editor.request.get(`/api/v1/reports/jobs/${id}`)).status()).toBe(404);
  expect((await editor.request.get(`/api/v1/reports/jobs/${id}/file`)).status()).toBe(404);
  await editor.close();

  // The API queues with a bearer token and refuses a body it cannot use.
  const token = (await runCli("scripts/user.ts", ["token", "--email", "editor@demo.local"])).stdout.trim().split(/\s+/).pop()!;
  const authorization = `Bearer ${token}`;
  const bad = await request.post("/api/v1/reports/jobs", { headers: { authorization }, data: { format: "xls", filters: {} } });
  expect(bad.status()).toBe(422);
  expect(await bad.json()).toMatchObject({ error: "invalid input", issues: [{ path: ["format"] }] });
  const queued = await request.post("/api/v1/reports/jobs", { headers: { authorization }, data: { format: "jsonl", filters: { status: ["rejected"] } } });
  expect(queued.status()).toBe(202);
  const job = (await queued.json()) as { id: string; state: string };
  expect(job.state).toBe("queued");
  expect((await request.get(`/api/v1/reports/jobs/${job.id}`, { headers: { authorization } })).status()).toBe(200);
  expect((await request.get(`/api/v1/reports/jobs/${job.id}/file`, { headers: { authorization } })).status()).toBe(409);
  expect((await request.get("/api/v1/reports/jobs/not-a-job", { headers: { authorization } })).status()).toBe(422);

  // Cancelling: the API answers the new state, then 409; no one else may cancel it; a finished export stays.
  expect((await request.delete(`/api/v1/reports/jobs/${id}`, { headers: { authorization } })).status()).toBe(404);
  const cancelled = await request.delete(`/api/v1/reports/jobs/${job.id}`, { headers: { authorization } });
  expect(cancelled.status()).toBe(200);
  expect(await cancelled.json()).toMatchObject({ id: job.id, state: "failed", message: "cancelled" });
  expect((await request.delete(`/api/v1/reports/jobs/${job.id}`, { headers: { authorization } })).status()).toBe(409);

  // And from the page, while no worker runs.
  await section.getByLabel("Format").selectOption("jsonl");
  await section.getByRole("button", { name: "Export in background" }).click();
  const waiting = section.getByRole("table", { name: "Your background exports" }).getByRole("row").nth(1);
  await expect(waiting).toContainText("Queued");
  await waiting.getByRole("button", { name: /^Cancel: the JSON lines export requested / }).click();
  await expect(waiting).toContainText("Cancelled");
  await expect(section.getByRole("status")).toHaveText("The JSON lines export was cancelled.");
  await expect(waiting.getByRole("button", { name: /^Cancel/ })).toHaveCount(0);
  // The focus Cancel had goes to the export's state, not to the page's top.
  await expect(waiting.locator("td[data-job-state]")).toBeFocused();
});

test("a poll answered from before an export was queued does not take it off the list", async ({ page }) => {
  await signIn(page, "editor");
  await page.goto("/exports?preview=1&source=harbour-times");
  const section = page.getByTestId("background-exports");
  const table = section.getByRole("table", { name: "Your background exports" });
  const queue = async (format: string) => {
    const listed = await table.getByRole("row").count();
    await section.getByLabel("Format").selectOption(format);
    await section.getByRole("button", { name: "Export in background" }).click();
    await expect(table.getByRole("row")).toHaveCount(Math.max(listed, 1) + 1);
    return (await table.getByRole("row").nth(1).getAttribute("data-job-id"))!;
  };
  const first = await queue("csv");
  // The page polls while an export is unfinished: hold its next poll, answered as the server saw things then.
  let held: { route: Route; body: { jobs: { id: string; state: string; message: string | null }[] } } | undefined;
  await page.route("**/api/v1/reports/jobs", async (route) => {
    if (held || route.request().method() !== "GET") return route.fallback();
    const response = await route.fetch();
    held = { route, body: await response.json() };
  });
  await expect.poll(() => !!held, { timeout: 10_000 }).toBe(true);
  // Another export is queued meanwhile...
  const second = await queue("jsonl");
  expect(second).not.toBe(first);
  // ...and the old answer arrives, with every export it knew of finished (so nothing more to poll for).
  const stale = { jobs: held!.body.jobs.map((j) => (j.id === first ? { ...j, state: "failed", message: "cancelled" } : j)) };
  await held!.route.fulfill({ json: stale });
  await page.unroute("**/api/v1/reports/jobs");
  // Given the page time to apply it, both exports are still listed as queued.
  await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 1000)));
  await expect(table.locator(`tr[data-job-id="${second}"]`)).toContainText("Queued");
  await expect(table.locator(`tr[data-job-id="${first}"]`)).toContainText("Queued");
  // Left queued by no worker: cancelled, so later tests see no unfinished export of this user.
  for (const id of [first, second]) {
    const row = table.locator(`tr[data-job-id="${id}"]`);
    await row.getByRole("button", { name: /^Cancel/ }).click();
    await expect(row).toContainText("Cancelled");
  }
});

test("filters the Exports page cannot use are named, the dates kept, and nothing offered for download", async ({ page }) => {
  await signIn(page, "staff");
  await page.goto("/exports?from=2026-05-10&to=2026-05-01");
  await expect(page.getByRole("alert").filter({ hasText: "These filters cannot be used" })).toContainText("from must not be after to");
  await expect(page.getByLabel("From", { exact: true })).toHaveValue("2026-05-10");
  await expect(page.getByRole("link", { name: "Download CSV" })).toHaveCount(0);
});
