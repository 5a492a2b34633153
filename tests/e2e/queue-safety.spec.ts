import { expect, test, type Page } from "@playwright/test";
import { importTextPage, openQueue, query, signIn } from "./helpers";

test.describe.configure({ mode: "serial" });

// A thread of our own with four comments the rules flag, so every test here decides only its own.
const PAGE = `Night bus route to be cut

The council will vote on Tuesday.

  • Rook Heller

    Only an idiot would vote for this, you moron.

  • Pim Sarto

    Shut up and get lost, you pathetic clown.

  • Rook Heller

    You are a liar and a disgrace, you idiot.

  • Dax Orrin

    What a stupid, ignorant fool you are.
`;

let threadId: number;
const decisions = async (action: string) =>
  (await query<{ n: number }>(
    "SELECT count(*)::int AS n FROM decision d JOIN comment c ON c.id = d.comment_id WHERE c.thread_id = $1 AND d.action = $2",
    [threadId, action],
  ))[0]!.n;
/** A key as a held key sends it again: keydown with `repeat` set. */
const repeatKey = (page: Page, key: string, shiftKey = false) =>
  page.evaluate(([k, shift]) => window.dispatchEvent(new KeyboardEvent("keydown", { key: k as string, repeat: true, shiftKey: shift as boolean, bubbles: true })), [key, shiftKey]);

test.beforeAll(async () => {
  threadId = await importTextPage("night-bus.txt", PAGE, "e2e-safety");
});

test("a held key decides one comment, not the ones after it; Caps Lock does not turn a into approve-selected", async ({ page }) => {
  await signIn(page, "moderator");
  await openQueue(page, `/queue?status=flagged&thread=${threadId}`);
  const items = page.getByRole("list", { name: "Comments to review" }).getByRole("listitem");
  await expect(items).toHaveCount(4);
  const status = page.locator("p.notice[role=status]");
  // Shortcuts wait while a decision is on its way: the controls come back when it is done.
  const settled = () => expect(items.first().getByRole("button", { name: /^Approve/ })).toBeEnabled();

  await page.keyboard.press("a");
  await expect(items).toHaveCount(3);
  await settled();
  // What auto-repeat sends while the key stays down: ignored.
  await repeatKey(page, "a");
  await repeatKey(page, "x");
  await page.waitForTimeout(300);
  await expect(items).toHaveCount(3);
  expect(await decisions("approve")).toBe(1);
  await expect(page.getByRole("toolbar", { name: "Bulk actions" })).toContainText("0 selected");

  // Two selected, then "A" without Shift (Caps Lock): one comment, the current one, is approved.
  await page.keyboard.press("x");
  await page.keyboard.press("j");
  await page.keyboard.press("x");
  await expect(page.getByRole("toolbar", { name: "Bulk actions" })).toContainText("2 selected");
  await page.evaluate(() => window.dispatchEvent(new KeyboardEvent("keydown", { key: "A", shiftKey: false, bubbles: true })));
  await expect(items).toHaveCount(2);
  expect(await decisions("approve")).toBe(2);
  await expect(status).toContainText("Approved the comment by");
  await settled();

  // The same words again are said again: the outcome is cleared, then set.
  const said: string[] = [];
  await page.exposeFunction("heard", (text: string) => said.push(text));
  await page.evaluate(() => {
    const region = document.querySelector("p.notice[role=status]")!;
    new MutationObserver(() => (window as unknown as { heard: (t: string) => void }).heard(region.textContent ?? "")).observe(region, { childList: true, subtree: true, characterData: true });
  });
  await page.keyboard.press("a");
  await expect(items).toHaveCount(1);
  await expect.poll(() => said.filter((t) => t.startsWith("Approved")).length).toBeGreaterThan(0);
  expect(said).toContain("");
});

test("after deciding and opening the thread, Back shows the queue without the decided comment", async ({ page }) => {
  await signIn(page, "moderator");
  await page.goto(`/queue?status=flagged&thread=${threadId}`);
  const items = page.getByRole("list", { name: "Comments to review" }).getByRole("listitem");
  await expect(items).toHaveCount(1);
  // Restore one approved earlier so there are two to work with.
  await page.goto(`/queue?status=approved&thread=${threadId}`);
  await items.first().getByRole("button", { name: "Restore to queue" }).click();
  await expect(page.locator("p.notice[role=status]")).toContainText("Restored");
  await openQueue(page, `/queue?status=flagged&thread=${threadId}`);
  await expect(items).toHaveCount(2);

  await page.keyboard.press("a");
  await expect(items).toHaveCount(1);
  // Shortcuts wait while a decision is on its way: the controls come back when it is done.
  await expect(items.first().getByRole("button", { name: /^Approve/ })).toBeEnabled();
  await page.keyboard.press("t");
  await expect(page).toHaveURL(new RegExp(`/threads/${threadId}`));
  // At once: a page come back to is asked for again however soon.
  await page.goBack();
  await expect(page).toHaveURL(/\/queue/);
  // The cached page had two; the queue as it is now has one.
  await expect(items).toHaveCount(1);
});

test("a double click in the thread view sends one decision", async ({ page }) => {
  await signIn(page, "moderator");
  await page.goto(`/threads/${threadId}`);
  const before = await decisions("reject") + (await decisions("approve"));
  // By its id: its class changes with its status.
  const id = await page.locator("article.comment.flagged").first().getAttribute("id");
  const flagged = page.locator(`article#${id}`);
  // The highlighted words' attributes are also said in words, not only by colour.
  await expect(flagged.getByRole("group", { name: "Flag reasons and evidence" })).toContainText(/“\w+” · insult/);
  await flagged.getByRole("button", { name: "Approve" }).dblclick();
  await expect(flagged.locator(".notice")).toContainText("Approved the comment by");
  await page.waitForTimeout(500);
  expect(await decisions("reject") + (await decisions("approve"))).toBe(before + 1);
  await expect(page.locator(".error")).toHaveCount(0);
});

test("Back from a thread, the comment that was current is current again and has focus", async ({ page }) => {
  await signIn(page, "moderator");
  await openQueue(page, "/queue?status=flagged");
  const items = page.getByRole("list", { name: "Comments to review" }).getByRole("listitem");
  expect(await items.count()).toBeGreaterThan(3);
  // From outside the list the first j takes the first card, then each moves on.
  await page.keyboard.press("j");
  await expect(items.first()).toBeFocused();
  await page.keyboard.press("j");
  await page.keyboard.press("j");
  const third = await items.nth(2).getAttribute("data-comment-id");
  await expect(items.nth(2)).toHaveAttribute("aria-current", "true");
  await page.keyboard.press("t");
  await expect(page).toHaveURL(/\/threads\//);
  await page.goBack();
  const card = page.locator(`li[data-comment-id="${third}"]`);
  await expect(card).toHaveAttribute("aria-current", "true");
  await expect(card).toBeFocused();
});

test("the bulk toolbar moves focus with the arrow keys, and a refusal is not shown as success", async ({ page }) => {
  await signIn(page, "moderator");
  await page.goto("/queue?status=flagged");
  const bar = page.getByRole("toolbar", { name: "Bulk actions" });
  // Those that can take focus: the selection's decisions wait for a selection.
  const buttons = bar.locator("button:not([disabled])");
  expect(await buttons.count()).toBeGreaterThan(2);
  await buttons.first().focus();
  await page.keyboard.press("ArrowRight");
  await expect(buttons.nth(1)).toBeFocused();
  await page.keyboard.press("ArrowLeft");
  await page.keyboard.press("ArrowLeft");
  await expect(buttons.last()).toBeFocused();
  // Shift+R with nothing selected is refused: said in the colour of errors.
  await page.getByRole("list", { name: "Comments to review" }).getByRole("listitem").first().focus();
  await page.keyboard.press("Shift+R");
  const status = page.locator("p.notice[role=status]");
  await expect(status).toContainText("Select comments first");
  await expect(status).toHaveClass(/refused/);
});
