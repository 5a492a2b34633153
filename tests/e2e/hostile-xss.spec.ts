import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { expect, test, type Page } from "@playwright/test";
import { query, runCli, signIn, transaction } from "./helpers";
import { E2E } from "./env";
import { buildHostileFiles, type HostileFile } from "../support/hostile-files";
import { XSS_NAMES, XSS_PAYLOADS } from "../support/xss-payloads";

test.describe.configure({ mode: "serial" });

// Script-injection payloads in comment texts, author names and thread titles, imported
// through every format, then shown in every view that renders comment data.
const files = buildHostileFiles();
const source = (f: HostileFile) => `xss-${f.format}`;
const SOURCES = files.map(source);

/** Elements or attributes a payload would have become, in the page's content, had it been rendered as markup. */
const INJECTED = ["[onerror]", "[onload]", "[onmouseover]", "[ontoggle]", "iframe", "object", "script", "img[src='x']", "a[href^='javascript:']", "svg circle"]
  .map((s) => `#content ${s}`)
  .join(", ");

let dialogs: string[] = [];

/** Signs in as admin (every view) and records any dialog a payload might open. */
async function open(page: Page): Promise<void> {
  dialogs = [];
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await signIn(page, "admin");
}

/** No script ran, no dialog opened, no payload became an element, and the server's HTML carries no raw payload. */
async function expectInert(page: Page): Promise<void> {
  await page.waitForLoadState("networkidle");
  expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBeUndefined();
  expect(dialogs).toEqual([]);
  await expect(page.locator(INJECTED)).toHaveCount(0);
  const html = await (await page.request.get(page.url())).text();
  expect(html).not.toContain("<script>window.__xss");
  expect(html).not.toContain("<img src=x");
}

const texts = (page: Page, selector: string) => page.locator(selector).allTextContents();

test.beforeAll(async () => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "cdk-e2e-xss-"));
  for (const f of files) {
    const file = path.join(dir, f.name);
    await fs.writeFile(file, f.content);
    const result = await runCli("scripts/import.ts", ["--json", "--source", source(f), file]);
    expect(result.code, `${f.format}: ${result.stdout}${result.stderr}`).toBe(0);
  }
  await fs.rm(dir, { recursive: true });
});

test.afterAll(async () => {
  const mine = "(SELECT c.id FROM comment c JOIN source s ON s.id = c.source_id WHERE s.key = ANY($1::text[]))";
  const statements = [
    // The decision log is append-only (automatic flags are logged there); the test's own rows go
    // with the test, in one transaction that switches the guard off and on again.
    "ALTER TABLE decision DISABLE TRIGGER decision_append_only",
    `DELETE FROM decision WHERE comment_id IN ${mine}`,
    "ALTER TABLE decision ENABLE TRIGGER decision_append_only",
    `DELETE FROM score WHERE comment_id IN ${mine}`,
    ...["comment", "thread", "commenter"].map((table) => `DELETE FROM ${table} WHERE source_id IN (SELECT id FROM source WHERE key = ANY($1::text[]))`),
    "DELETE FROM source WHERE key = ANY($1::text[])",
  ];
  await transaction(statements.map((sql) => [sql, sql.includes("$1") ? [SOURCES] : []]));
});

test("no view renders a source's stored HTML", async () => {
  // body_html is kept for export only; a view that renders it must sanitize it first (README).
  const offenders: string[] = [];
  for (const entry of await fs.readdir("app", { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !/\.tsx?$/.test(entry.name)) continue;
    const file = path.join(entry.parentPath, entry.name);
    if (/bodyHtml|body_html|dangerouslySetInnerHTML|innerHTML/.test(await fs.readFile(file, "utf8"))) offenders.push(file);
  }
  expect(offenders).toEqual([]);
});

test("the queue shows every payload as text, in all six formats", async ({ page }) => {
  await open(page);
  for (const f of files) {
    await page.goto(`/queue?status=all&source=${source(f)}`);
    const bodies = await texts(page, ".queue-item p.body");
    for (const c of f.expected) expect(bodies, `${f.format}: ${c.body}`).toContain(c.body);
    expect(await texts(page, ".queue-item .author")).toEqual(expect.arrayContaining(XSS_NAMES.slice()));
    expect(await page.locator(".queue-item header a[href^='/threads/']").first().textContent()).toContain(f.title);
    await expectInert(page);
  }
});

test("thread and commenter views show payload titles, names and texts as text", async ({ page }) => {
  await open(page);
  for (const f of files) {
    const threads = await query<{ id: number; title: string; url: string | null }>(
      "SELECT t.id, t.title, t.url FROM thread t JOIN source s ON s.id = t.source_id WHERE s.key = $1 ORDER BY t.id",
      [source(f)],
    );
    const bodies: string[] = [];
    for (const t of threads) {
      await page.goto(`/threads/${t.id}`);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(t.title);
      // A thread whose source gave a javascript: link has no link at all.
      await expect(page.getByRole("link", { name: "original article" })).toHaveCount(t.url ? 1 : 0);
      bodies.push(...(await texts(page, "ol.tree p.body")));
      await expectInert(page);
    }
    expect(threads.map((t) => t.title)).toContain(f.title);
    for (const c of f.expected) expect(bodies, `${f.format}: ${c.body}`).toContain(c.body);
  }
  expect((await query("SELECT 1 FROM thread WHERE url LIKE 'javascript:%'")).length).toBe(0);

  const [person] = await query<{ id: number; name: string }>(
    "SELECT cm.id, cm.display_name AS name FROM commenter cm JOIN source s ON s.id = cm.source_id WHERE s.key = 'xss-csv' AND cm.display_name = $1",
    [XSS_NAMES[1]],
  );
  await page.goto(`/commenters/${person!.id}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(person!.name);
  await expect(page.locator("#content")).toContainText(files.find((f) => f.format === "csv")!.title);
  await expectInert(page);
});

test("the audit log shows decided payload comments and notes as text", async ({ page }) => {
  await open(page);
  const payload = XSS_PAYLOADS[0]!;
  const [comment] = await query<{ id: number; mod_version: number }>(
    "SELECT c.id, c.mod_version FROM comment c JOIN source s ON s.id = c.source_id WHERE s.key = 'xss-jsonl' AND c.body = $1",
    [payload],
  );
  const note = `${XSS_PAYLOADS[2]} noted`;
  const decided = await page.request.post(`/api/v1/comments/${comment!.id}/decision`, {
    headers: { origin: E2E.baseURL },
    data: { action: "reject", reason: "other", note, expectedVersion: comment!.mod_version },
  });
  expect(decided.status(), await decided.text()).toBe(200);
  await page.goto("/audit");
  const row = page.getByRole("row").filter({ hasText: note });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText(`${XSS_NAMES[0]}: ${payload}`);
  await expectInert(page);
});

test("insights and the report preview show payload titles and names as text", async ({ page }) => {
  await open(page);
  const filter = SOURCES.map((s) => `source=${s}`).join("&");
  await page.goto(`/insights?${filter}`);
  await expect(page.locator("#content")).toContainText(files[0]!.title);
  await expectInert(page);

  await page.goto(`/exports?preview=1&${filter}`);
  const preview = page.getByTestId("preview");
  await expect(preview).toBeVisible();
  const cells = await texts(page, "[data-testid=preview] td");
  expect(cells.some((c) => files.some((f) => f.title === c))).toBe(true);
  expect(cells.some((c) => XSS_NAMES.includes(c))).toBe(true);
  await expectInert(page);
});

test("CSV and PDF downloads carry payloads as data, never as script", async ({ page }) => {
  await open(page);
  const csv = await page.request.get(`/api/export?format=csv&source=xss-csv`, { headers: { "sec-fetch-site": "same-origin" } });
  expect(csv.status()).toBe(200);
  const rows = parse(await csv.text(), { columns: true, bom: true }) as Record<string, string>[];
  const bodies = rows.map((r) => r.body);
  for (const c of files.find((f) => f.format === "csv")!.expected) expect(bodies).toContain(c.body);
  expect(rows.map((r) => r["thread.title"])).toContain(files.find((f) => f.format === "csv")!.title);

  const pdf = await page.request.get(`/api/export?format=pdf&${SOURCES.map((s) => `source=${s}`).join("&")}`, { headers: { "sec-fetch-site": "same-origin" } });
  expect(pdf.status()).toBe(200);
  const bytes = Buffer.from(await pdf.body());
  expect(bytes.subarray(0, 5).toString()).toBe("%PDF-");
  // A PDF runs script only through JavaScript actions; the report must have none.
  expect(bytes.toString("latin1")).not.toMatch(/\/JavaScript|\/JS\b/);
});
