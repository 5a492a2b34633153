import fs from "node:fs/promises";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { expect, test } from "@playwright/test";
import { openQueue, query, runCli, shippedVersion, signIn } from "./helpers";
import { SHARED } from "../support/paths";
import { seedHeadline, seedLine } from "../support/seed-text";

const SEEDS = path.join(SHARED, "seeds");

test.describe.configure({ mode: "serial" });

test("a saved page is imported, scored and shows up in the moderator's queue; a decision is logged", async ({ page }) => {
  const imported = await runCli("scripts/import.ts", ["--json", SEEDS]);
  expect(imported.code, imported.stderr).toBe(0);
  expect(JSON.parse(imported.stdout.trim().split("\n").pop()!)).toMatchObject({ files: 5, comments: 26, rejected: [] });

  // Comment 12 of the saved Disqus page (first line on line 137 of the file) insults its addressee.
  const title = seedHeadline("000_");
  const opening = seedLine("000_", 137).slice(0, 60);
  const [thread] = await query<{ id: number }>("SELECT id FROM thread WHERE title = $1", [title]);
  const [insult] = await query<{ author_name: string }>("SELECT author_name FROM comment WHERE thread_id = $1 AND starts_with(body, $2)", [thread!.id, opening]);
  await signIn(page, "moderator");
  await openQueue(page, `/queue?status=flagged&thread=${thread!.id}`);
  const item = page.getByRole("listitem").filter({ hasText: opening });
  await expect(item).toBeVisible();
  await expect(item).toContainText(insult!.author_name);
  await expect(item).toContainText(title);
  await expect(item.locator("mark.evidence", { hasText: "ignorant" })).toBeVisible();

  // Keyboard only: "j" down to the item, then "r" to reject it. The first "j" takes focus to the first card.
  const items = page.getByRole("list", { name: "Comments to review" }).getByRole("listitem");
  const texts = await items.allTextContents();
  const target = texts.findIndex((t) => t.includes(opening));
  await page.keyboard.press("j");
  await expect(items.first()).toBeFocused();
  for (let i = 0; i < target; i++) await page.keyboard.press("j");
  await expect(items.nth(target)).toHaveAttribute("aria-current", "true");
  await page.keyboard.press("r");
  await expect(page.getByRole("dialog", { name: "Reject this comment" })).toBeVisible();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("status").first()).toContainText(`Rejected the comment by ${insult!.author_name}`);
  await expect(item).toHaveCount(0);

  const log = await query<{ action: string; previous_status: string; new_status: string; email: string }>(
    `SELECT d.action, d.previous_status, d.new_status, u.email FROM decision d
     JOIN comment c ON c.id = d.comment_id JOIN app_user u ON u.id = d.user_id
     WHERE starts_with(c.body, $1)`,
    [opening],
  );
  expect(log).toEqual([{ action: "reject", previous_status: "flagged", new_status: "rejected", email: "moderator@demo.local" }]);
});

test("an editor sees the charts drawn with data", async ({ page }) => {
  await signIn(page, "editor");
  // The demo data covers the last 90 days; the page shows 30 unless asked, and 90 days per week unless asked per day.
  const from = new Date(Date.now() - 89 * 86_400_000).toISOString().slice(0, 10);
  await page.goto(`/insights?from=${from}&bucket=day`);
  const trend = page.getByTestId("trend-chart");
  await expect(trend.locator("path.recharts-curve.recharts-line-curve")).toHaveCount(2);
  const d = await trend.locator("path.recharts-line-curve").first().getAttribute("d");
  // Days without comments break the line into pieces: count the points of every piece.
  expect(d!.split(/[MLC]/).length).toBeGreaterThan(10);
  await expect(page.getByTestId("heat-board").getByRole("link").first()).toBeVisible();
  await expect(page.getByTestId("insights-context")).toContainText(`builtin-default ${await shippedVersion()}`);
});

test("staff download a CSV with one row per comment", async ({ page }) => {
  await signIn(page, "staff");
  await page.goto("/exports");
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download CSV" }).click()]);
  const file = await download.path();
  const rows = parse(await fs.readFile(file, "utf8"), { columns: true }) as Record<string, string>[];
  const [count] = await query<{ n: string }>("SELECT count(*) AS n FROM comment");
  expect(rows).toHaveLength(Number(count!.n));
  expect(Object.keys(rows[0]!).slice(0, 4)).toEqual(["thread.key", "thread.title", "thread.url", "thread.source"]);
  // Comment 3 of the saved Disqus page: author on line 79, a one-line body on line 81.
  const seedRow = rows.find((r) => r.body === seedLine("000_", 81));
  expect(seedRow).toMatchObject({ author: seedLine("000_", 79, { dropMarker: true }), "thread.title": seedHeadline("000_"), "sentiment.label": "positive" });
  await expect(page.getByRole("button", { name: /approve|reject/i })).toHaveCount(0);
});
