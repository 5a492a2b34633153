import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { ACCESS } from "./access";
import { openQueue, query, signIn } from "./helpers";

/** WCAG 2.0, 2.1 and 2.2 at levels A and AA: what public-sector and most newsroom accessibility policies ask. */
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

async function expectNoViolations(page: Page, what: string) {
  const { violations } = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  const found = violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join("; ")}`);
  expect(found, `accessibility violations on ${what}`).toEqual([]);
}

/** The demo thread and commenter with the most comments: their pages have the most to check. */
async function busiest(): Promise<{ thread: number; commenter: number }> {
  const [thread] = await query<{ id: number }>("SELECT thread_id AS id FROM comment GROUP BY 1 ORDER BY count(*) DESC LIMIT 1");
  const [commenter] = await query<{ id: number }>(
    "SELECT commenter_id AS id FROM comment WHERE commenter_id IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1",
  );
  return { thread: thread!.id, commenter: commenter!.id };
}

test("every page passes the WCAG A and AA checks an admin can reach", async ({ page }) => {
  test.setTimeout(180_000);
  const ids = await busiest();
  await signIn(page, "admin");
  const pages = Object.entries(ACCESS)
    .filter(([path, rule]) => rule.kind === "page" && rule.allowed !== "public")
    .map(([path]) =>
      path
        .replace(/^\/(threads|insights\/articles)\/\[id\]$/, `/$1/${ids.thread}`)
        .replace(/^\/(commenters|insights\/authors)\/\[id\]$/, `/$1/${ids.commenter}`),
    );
  expect(pages.length).toBeGreaterThan(10);
  for (const path of [...pages, "/threads?view=all", "/queue?status=all", "/exports?preview=1"]) {
    await page.goto(path);
    await expect(page.locator("h1").first()).toBeVisible();
    await expectNoViolations(page, path);
  }
});

test("the sign-in page, and the queue's dialogs, pass the same checks", async ({ page }) => {
  await page.goto("/login");
  await expectNoViolations(page, "/login");
  await signIn(page, "moderator");
  await openQueue(page, "/queue");
  await expect(page.getByRole("list", { name: "Comments to review" }).getByRole("listitem").first()).toBeVisible();
  await page.keyboard.press("?");
  await expect(page.getByRole("dialog")).toBeVisible();
  await expectNoViolations(page, "the shortcuts dialog");
  await page.keyboard.press("Escape");
  await expect(page.getByRole("dialog")).toHaveCount(0);
  await page.keyboard.press("r");
  await expect(page.getByRole("dialog")).toBeVisible();
  await expectNoViolations(page, "the reason dialog");
  await page.keyboard.press("Escape");
});

test("on a phone's width the main pages pass too, and none scrolls sideways", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, "admin");
  for (const path of ["/queue", "/threads", "/threads?view=all", "/audit", "/insights", "/exports", "/imports", "/admin/users", "/admin/exports", "/admin/activity"]) {
    await page.goto(path);
    await expect(page.locator("h1").first()).toBeVisible();
    await expectNoViolations(page, `${path} at 390 px`);
    // Wide tables scroll inside their panel; the page itself fits the screen.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, `${path} is ${overflow} px wider than the screen`).toBeLessThanOrEqual(0);
  }
  // The queue's toolbar of wrapped buttons scrolls away instead of covering the cards.
  await page.goto("/queue");
  expect(await page.getByRole("toolbar", { name: "Bulk actions" }).evaluate((el) => getComputedStyle(el).position)).toBe("static");
});
