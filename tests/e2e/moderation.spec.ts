import { expect, test } from "@playwright/test";
import { importTextPage, openQueue, query, signIn } from "./helpers";
import { E2E } from "./env";

test.describe.configure({ mode: "serial" });

/** A saved page (Disqus layout) with a short, heated thread of our own. */
const PAGE = `Harbour ferry fares to double next spring

The operator says costs have risen.

  • Quill Reader

    Only an idiot would defend this, you moron.

  • Tam Voss

    Shut up and get lost, nobody cares what you think.

  • Quill Reader

    You are a pathetic liar and a clown.

  • Ines Calm

    Thanks for reporting this, it matters to commuters.
`;

let threadId: number;

test.beforeAll(async () => {
  threadId = await importTextPage("ferry-fares.txt", PAGE, "e2e-moderation");
});

test("a moderator finds a thread by words of its title and opens its flagged comments", async ({ page }) => {
  await signIn(page, "moderator");
  await page.goto("/threads");
  await page.getByRole("link", { name: "All threads" }).click();
  await expect(page.getByRole("link", { name: "All threads" })).toHaveAttribute("aria-current", "page");
  const search = page.getByRole("searchbox", { name: "Title or address (or thread id)" });
  await search.fill("nothing-like-this-anywhere");
  await search.press("Enter");
  await expect(page.getByText("No thread matches.")).toBeVisible();
  await search.fill("ferry HARBOUR");
  await search.press("Enter");
  const table = page.getByRole("table", { name: "Threads" });
  await expect(table.getByRole("row")).toHaveCount(2);
  await expect(table.getByRole("link", { name: "Harbour ferry fares to double next spring", exact: true })).toHaveAttribute("href", `/threads/${threadId}`);
  await table.getByRole("link", { name: "3 flagged comments in Harbour ferry fares to double next spring" }).click();
  await expect(page).toHaveURL(new RegExp(`/queue\\?status=flagged&thread=${threadId}$`));
  await expect(page.getByRole("list", { name: "Comments to review" }).getByRole("listitem")).toHaveCount(3);
  // Narrowed to the comments containing a word, whatever its case; the thread stays in the filter.
  await page.getByRole("searchbox", { name: "Comment contains" }).fill("CLOWN");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/text=CLOWN/);
  const items = page.getByRole("list", { name: "Comments to review" }).getByRole("listitem");
  await expect(items).toHaveCount(1);
  await expect(items.first()).toContainText("You are a pathetic liar and a clown.");

  // A text too long to use is named, kept in its field, and turns off decisions on all matching comments.
  const pasted = "Buy cheap pills now ".repeat(51);
  await page.getByRole("searchbox", { name: "Comment contains" }).fill(pasted);
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Not applied" })).toContainText("Not applied: Comment contains (at most 1,000 characters)");
  await expect(page.getByRole("searchbox", { name: "Comment contains" })).toHaveValue(pasted);
  await expect(page.getByRole("button", { name: "Approve all matching…" })).toHaveCount(0);
  await page.goto(`/queue?status=flagged&thread=${threadId}&from=2026-12-01&to=2026-01-01`);
  await expect(page.getByRole("alert").filter({ hasText: "Posted from" })).toContainText("Posted from (2026-12-01) is after Posted to (2026-01-01): no comment can match.");
  await expect(page.getByRole("button", { name: "Approve all matching…" })).toBeVisible();
  // A day that does not exist is named, not sent to the database (which answered with a 500).
  await page.goto(`/queue?status=flagged&thread=${threadId}&from=2026-02-30`);
  await expect(page.getByRole("alert").filter({ hasText: "Not applied" })).toContainText("a date like 2026-03-01 that exists");
  expect((await page.request.get("/api/v1/queue?from=2026-02-30")).status()).toBe(422);
  await page.goto("/audit?from=2026-13-01&action=approve");
  await expect(page.getByRole("alert").filter({ hasText: "Left out" })).toContainText("Left out, as they cannot be used: from (a date like 2026-03-01 that exists).");
  await expect(page.getByRole("combobox", { name: "Action" })).toHaveValue("approve");
  expect((await page.request.get("/api/v1/audit?from=2026-02-30")).status()).toBe(422);
});

test("a moderator clears a queue from the keyboard", async ({ page }) => {
  await signIn(page, "moderator");
  await openQueue(page, `/queue?status=flagged&thread=${threadId}`);
  const items = page.getByRole("list", { name: "Comments to review" }).getByRole("listitem");
  await expect(items).toHaveCount(3);
  await expect(items.first()).toHaveAttribute("aria-current", "true");

  await page.keyboard.press("?");
  await expect(page.getByRole("dialog", { name: "Keyboard shortcuts" })).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(page.getByRole("dialog")).toHaveCount(0);

  // Reject the first with a reason picked by digit, approve the next, escalate the last.
  await page.keyboard.press("r");
  const dialog = page.getByRole("dialog", { name: "Reject this comment" });
  await expect(dialog).toBeVisible();
  await page.keyboard.press("1");
  await page.keyboard.press("Enter");
  await expect(items).toHaveCount(2);
  // Focus moves to the card now current, not to the top of the page.
  await expect(items.first()).toBeFocused();
  await page.keyboard.press("a");
  await expect(items).toHaveCount(1);
  await page.keyboard.press("e");
  const escalate = page.getByRole("dialog", { name: "Escalate this comment" });
  await expect(escalate).toBeVisible();
  await page.keyboard.type("Legal should look at this");
  await page.keyboard.press("Enter");
  await expect(items).toHaveCount(0);
  await expect(page.getByText("Nothing left here")).toBeVisible();

  const decisions = await query<{ action: string; reason: string | null; email: string }>(
    `SELECT d.action, d.reason, u.email FROM decision d JOIN comment c ON c.id = d.comment_id
     JOIN app_user u ON u.id = d.user_id WHERE c.thread_id = $1 ORDER BY d.id`,
    [threadId],
  );
  expect(decisions.map((d) => d.action).sort()).toEqual(["approve", "escalate", "reject"]);
  expect(decisions.find((d) => d.action === "reject")!.reason).toBe("insult");
  const [escalated] = await query<{ note: string }>(
    "SELECT d.note FROM decision d JOIN comment c ON c.id = d.comment_id WHERE c.thread_id = $1 AND d.action = 'escalate'",
    [threadId],
  );
  expect(escalated!.note).toBe("Legal should look at this");
  expect(new Set(decisions.map((d) => d.email))).toEqual(new Set(["moderator@demo.local"]));
});

test("selection and bulk approve with x and Shift+A; restore brings comments back", async ({ page }) => {
  await signIn(page, "moderator");
  await openQueue(page, `/queue?status=escalated&thread=${threadId}`);
  const items = page.getByRole("list", { name: "Comments to review" }).getByRole("listitem");
  await expect(items).toHaveCount(1);
  await expect(items.first()).toContainText("escalated: “Legal should look at this”");
  await page.keyboard.press("x");
  await expect(page.getByRole("toolbar", { name: "Bulk actions" })).toContainText("1 selected");
  await page.keyboard.press("Shift+A");
  await expect(page.getByRole("status").first()).toContainText("Approved 1 comment.");
  await expect(items).toHaveCount(0);

  await page.goto(`/queue?status=approved&thread=${threadId}`);
  await expect(items).toHaveCount(2);
  await items.first().getByRole("button", { name: "Restore to queue" }).click();
  await expect(page.getByRole("status").first()).toContainText("Restored");
  await page.goto(`/queue?status=flagged&thread=${threadId}`);
  await expect(items).toHaveCount(1);
});

test("shortcuts follow the focused comment and its buttons; Cancel in the reason dialog cancels", async ({ page }) => {
  const decided = async () =>
    (await query<{ n: number }>("SELECT count(*)::int AS n FROM decision d JOIN comment c ON c.id = d.comment_id WHERE c.thread_id = $1 AND d.action <> 'flag'", [threadId]))[0]!.n;
  await signIn(page, "moderator");
  await openQueue(page, `/queue?status=flagged&thread=${threadId}`);
  const items = page.getByRole("list", { name: "Comments to review" }).getByRole("listitem");
  await expect(items).toHaveCount(1);
  const before = await decided();

  await page.keyboard.press("r");
  const dialog = page.getByRole("dialog", { name: "Reject this comment" });
  await expect(dialog).toBeVisible();
  const cancel = dialog.getByRole("button", { name: /^Cancel/ });
  // Tab stays inside the dialog: from its last button it wraps to its first control.
  await cancel.focus();
  await page.keyboard.press("Tab");
  expect(await dialog.evaluate((d) => d.contains(document.activeElement))).toBe(true);
  // Enter on Cancel cancels.
  await cancel.focus();
  await page.keyboard.press("Enter");
  await expect(dialog).toHaveCount(0);
  await expect(items).toHaveCount(1);
  expect(await decided()).toBe(before);

  // On the Approved tab, "a" does not approve again: the card offers Restore.
  await openQueue(page, `/queue?status=approved&thread=${threadId}`);
  await expect(items).toHaveCount(1);
  await page.keyboard.press("a");
  await expect(page.getByRole("status").first()).toContainText("This comment is approved: restore it instead.");
  expect(await decided()).toBe(before);

  // Focus in another card makes it the current one; shortcuts work from its checkbox.
  await openQueue(page, `/queue?status=all&thread=${threadId}`);
  expect(await items.count()).toBeGreaterThan(1);
  await expect(items.first()).toHaveAttribute("aria-current", "true");
  await items.nth(1).getByRole("checkbox").focus();
  await expect(items.nth(1)).toHaveAttribute("aria-current", "true");
  await page.keyboard.press("x");
  await expect(items.nth(1).getByRole("checkbox")).toBeChecked();
  await expect(page.getByRole("toolbar", { name: "Bulk actions" })).toContainText("1 selected");
  // k moves focus with the highlight, so a screen reader follows; each button names whose comment it decides.
  await page.keyboard.press("k");
  await expect(items.first()).toBeFocused();
  await expect(items.first()).toHaveAttribute("aria-current", "true");
  await expect(items.first().getByRole("button", { name: /, the comment by \S/ }).first()).toBeVisible();
});

test("the review tabs say how many comments wait in them, with the filters in force", async ({ page }) => {
  await signIn(page, "moderator");
  await page.goto("/queue?status=all");
  const tabs = page.getByRole("navigation", { name: "Queues" });
  const [counts] = await query<{ flagged: number; escalated: number }>(
    "SELECT count(*) FILTER (WHERE mod_status = 'flagged')::int AS flagged, count(*) FILTER (WHERE mod_status = 'escalated')::int AS escalated FROM comment",
  );
  const { flagged, escalated } = counts!;
  expect(flagged).toBeGreaterThan(0);
  await expect(tabs.getByRole("link", { name: `Flagged (${flagged.toLocaleString("en")})` })).toBeVisible();
  await expect(tabs.getByRole("link", { name: `Escalated (${escalated.toLocaleString("en")})` })).toBeVisible();
  await expect(tabs.getByRole("link", { name: "All", exact: true })).toBeVisible();
  // Narrowed by a text no comment has, every count is 0.
  await page.goto("/queue?status=all&text=no-comment-says-this");
  await expect(tabs.getByRole("link", { name: "Flagged (0)" })).toBeVisible();
});

test("the incivility filter takes percent, as the cards show it", async ({ page }) => {
  await signIn(page, "moderator");
  await page.goto(`/queue?status=all&thread=${threadId}`);
  const form = page.getByRole("form", { name: "Filter the queue" });
  await form.getByLabel("Incivility from (%)").fill("50");
  await form.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/minPct=50/);
  await expect(form.getByLabel("Incivility from (%)")).toHaveValue("50");
  const scores = await page.getByRole("list", { name: "Comments to review" }).locator(".score").allTextContents();
  expect(scores.length).toBeGreaterThan(0);
  for (const text of scores) expect(Number(/(\d+)%/.exec(text)![1])).toBeGreaterThanOrEqual(50);

  // Clear filters empties the form too, so the next Apply does not send the old choices again.
  await form.getByLabel("Attribute").selectOption("threat");
  await form.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/attribute=threat/);
  await form.getByRole("link", { name: /^Clear filters/ }).click();
  await expect(page).not.toHaveURL(/attribute=/);
  await expect(form.getByLabel("Attribute")).toHaveValue("");
  await expect(form.getByLabel("Incivility from (%)")).toHaveValue("");

  // A range that cannot match says so instead of showing an unexplained empty queue.
  await page.goto(`/queue?status=all&thread=${threadId}&minPct=80&maxPct=20`);
  await expect(page.getByRole("alert").filter({ hasText: "is above Incivility to" })).toContainText("Incivility from (80%) is above Incivility to (20%)");
});

test("the thread view shows the tree, the timeline and who decided", async ({ page }) => {
  await signIn(page, "moderator");
  await page.goto(`/threads/${threadId}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Harbour ferry fares to double next spring");
  await expect(page).toHaveTitle("Harbour ferry fares to double next spring · Thread · Comment desk");
  const tree = page.getByRole("list", { name: "Comments" });
  await expect(tree.getByRole("article")).toHaveCount(4);
  await expect(tree).toContainText("reject (insult) by moderator@demo.local");
  await expect(tree).toContainText("“Legal should look at this”");
  // The outcome shows beside the comment decided, not only at the top of a long page.
  // (A comment never flagged, so the flagged one stays for the API test below.)
  const open = tree.getByRole("article").filter({ hasText: "not flagged" }).filter({ has: page.getByRole("button", { name: "Approve" }) }).first();
  // "Comment by X", or for a reply "Reply, level N, by X".
  const label = (await open.getAttribute("aria-label"))!;
  const author = label.replace(/^.* by /, "");
  await open.getByRole("button", { name: "Approve" }).click();
  const decided = tree.getByRole("article", { name: label, exact: true }).filter({ hasText: `Approved the comment by ${author}.` });
  await expect(decided).toHaveCount(1);
  // Its history shows the decision at once, and focus stays on the comment (its Approve button is gone).
  await expect(decided).toContainText("approve by you");
  await expect(decided).toBeFocused();
  await page.getByRole("button", { name: "Claim this thread" }).click();
  await expect(page.getByRole("status").first()).toContainText("You are working on this thread");
  // The controls show the state after each change.
  const controls = page.getByRole("toolbar", { name: "Thread actions" });
  await expect(controls.getByRole("button", { name: "Release my claim" })).toBeVisible();
  await controls.getByRole("button", { name: "Close thread" }).click();
  await expect(controls.getByRole("button", { name: "Reopen thread" })).toBeVisible();
  await expect(controls.getByText("closed", { exact: true })).toBeVisible();
  await controls.getByRole("button", { name: "Reopen thread" }).click();
  await expect(controls.getByRole("button", { name: "Close thread" })).toBeVisible();
  await expect(controls.getByText("closed", { exact: true })).toHaveCount(0);
  await controls.getByRole("button", { name: "Release my claim" }).click();
  await expect(controls.getByRole("button", { name: "Claim this thread" })).toBeVisible();
});

test("a thread's timeline has its figures in a table, and its two lines differ by more than colour", async ({ page }) => {
  await signIn(page, "moderator");
  const [busiest] = await query<{ id: number; periods: number }>(
    `SELECT thread_id AS id, count(DISTINCT date_trunc('hour', posted_at))::int AS periods FROM comment
     GROUP BY thread_id ORDER BY count(*) DESC LIMIT 1`,
  );
  expect(busiest!.periods).toBeGreaterThan(1);
  await page.goto(`/threads/${busiest!.id}`);
  const timeline = page.getByTestId("trend-chart");
  await expect(timeline.getByRole("img", { name: /the figures are in the data table below/ })).toHaveCount(1);
  await expect(timeline.locator("path.recharts-line-curve[stroke-dasharray]")).toHaveCount(1);
  await timeline.getByText("Data table").click();
  await expect(timeline.getByRole("table").getByRole("columnheader")).toHaveText(["Period", "Comments", "Average sentiment", "Average incivility"]);
  await expect(timeline.getByRole("table").locator("tbody tr")).not.toHaveCount(0);
});

test("the API answers 409 to a stale decision and 200 to a fresh one", async ({ page }) => {
  await signIn(page, "moderator");
  const [comment] = await query<{ id: number; mod_version: number }>(
    "SELECT id, mod_version FROM comment WHERE thread_id = $1 AND mod_status = 'flagged' LIMIT 1",
    [threadId],
  );
  const url = `/api/v1/comments/${comment!.id}/decision`;
  const headers = { origin: E2E.baseURL };
  // A cookie-authenticated write without proof it comes from this site is refused (CSRF).
  const crossSite = await page.request.post(url, { data: { action: "approve", expectedVersion: comment!.mod_version } });
  expect(crossSite.status()).toBe(403);
  expect(await crossSite.json()).toEqual({ error: "cross-site request refused" });
  const foreign = await page.request.post(url, { data: { action: "approve", expectedVersion: 0 }, headers: { origin: "https://evil.example" } });
  expect(foreign.status()).toBe(403);
  const stale = await page.request.post(url, { data: { action: "approve", expectedVersion: comment!.mod_version - 1 }, headers });
  expect(stale.status()).toBe(409);
  // With the text as it is now, in case a re-import changed it.
  expect((await stale.json()).current).toEqual({ modStatus: "flagged", modVersion: comment!.mod_version, body: expect.any(String) });
  const invalid = await page.request.post(url, { data: { action: "delete", expectedVersion: 0 }, headers });
  expect(invalid.status()).toBe(422);
  const fresh = await page.request.post(url, { data: { action: "approve", expectedVersion: comment!.mod_version }, headers });
  expect(fresh.status()).toBe(200);
  expect(await fresh.json()).toEqual({ id: comment!.id, modStatus: "approved", modVersion: comment!.mod_version + 1 });
  const audit = await page.request.get(`/api/v1/audit?comment=${comment!.id}`);
  const entries = (await audit.json()).entries as { applied: boolean; action: string; via: string }[];
  expect(entries.filter((e) => e.via === "api").map((e) => [e.action, e.applied])).toEqual([
    ["approve", true],
    ["approve", false],
  ]);
});

test("staff cannot decide: no queue, no buttons, and the API refuses", async ({ page }) => {
  await signIn(page, "staff");
  const queue = await page.goto(`/queue?status=flagged&thread=${threadId}`);
  expect(queue!.status()).toBe(403);
  await expect(page.getByRole("button", { name: /approve|reject/i })).toHaveCount(0);
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Queue" })).toHaveCount(0);
  // A page staff may not see does not name its thread in the title either.
  const thread = await page.goto(`/threads/${threadId}`);
  expect(thread!.status()).toBe(403);
  await expect(page).toHaveTitle("Thread · Comment desk");
  const [comment] = await query<{ id: number }>("SELECT id FROM comment WHERE thread_id = $1 LIMIT 1", [threadId]);
  const response = await page.request.post(`/api/v1/comments/${comment!.id}/decision`, {
    data: { action: "approve", expectedVersion: 0 },
    headers: { origin: E2E.baseURL },
  });
  expect(response.status()).toBe(403);
  expect(await response.json()).toEqual({ error: "your role may not do this" });
});

test("deciding all matching comments says what was done, and the page shows what is left", async ({ page }) => {
  const sequel = await importTextPage("ferry-fares-2.txt", PAGE.replace("Harbour ferry fares to double next spring", "Harbour ferry fares: the sequel"), "e2e-matching");

  await signIn(page, "moderator");
  await openQueue(page, `/queue?status=flagged&thread=${sequel}`);
  const items = page.getByRole("list", { name: "Comments to review" }).getByRole("listitem");
  const flagged = await items.count();
  expect(flagged).toBeGreaterThan(1);
  await page.getByRole("button", { name: "Approve all matching…" }).click();
  const confirm = page.getByRole("dialog", { name: `Approve all ${flagged} comments matching this filter?` });
  await confirm.getByRole("button", { name: `Yes, approve ${flagged}` }).click();
  await expect(page.getByRole("status").first()).toContainText(`Approved ${flagged} comments matching this filter.`);
  // The decided cards go: focus rests on the outcome, which stays.
  await expect(page.getByRole("status").first()).toBeFocused();
  await expect(page.getByText("Nothing in this queue for these filters")).toBeVisible();
  await expect(items).toHaveCount(0);
});

test("a thread closed from the attention list stays there to be reopened", async ({ page }) => {
  await signIn(page, "moderator");
  await page.goto("/threads");
  const cards = page.getByRole("list", { name: "Threads, most urgent first" }).locator(":scope > li");
  const title = (await cards.first().locator("header a").first().textContent())!;
  const card = cards.filter({ has: page.getByRole("link", { name: title, exact: true }) });
  await card.getByRole("button", { name: "Close thread" }).click();
  await expect(card.getByRole("status")).toHaveText("Thread closed: hidden from Needing attention; commenting on the site is unaffected.");
  await expect(card.getByRole("button", { name: "Reopen thread" })).toBeFocused();
  await expect(card.locator("header a").first()).toHaveText(title);
  const [closed] = await query<{ closed: boolean }>("SELECT closed FROM thread WHERE title = $1", [title]);
  expect(closed!.closed).toBe(true);
  await card.getByRole("button", { name: "Reopen thread" }).click();
  await expect(card.getByRole("status")).toHaveText("Thread reopened: it can show in Needing attention again.");
  const [reopened] = await query<{ closed: boolean }>("SELECT closed FROM thread WHERE title = $1", [title]);
  expect(reopened!.closed).toBe(false);
});

test("a thread change that cannot reach the server says so, and the toggle keeps its state", async ({ page }) => {
  await signIn(page, "moderator");
  await page.goto(`/threads/${threadId}`);
  const toolbar = page.getByRole("toolbar", { name: "Thread actions" });
  await expect(toolbar.getByRole("button", { name: "Close thread" })).toBeVisible();
  // Server actions post to the page itself.
  await page.route(`**/threads/${threadId}`, (route) => (route.request().method() === "POST" ? route.abort() : route.fallback()));
  await toolbar.getByRole("button", { name: "Close thread" }).click();
  await expect(toolbar.getByRole("status")).toHaveText(/^Not saved: the server could not be reached/);
  await expect(toolbar.getByRole("button", { name: "Close thread" })).not.toHaveAttribute("aria-disabled");
  await page.unroute(`**/threads/${threadId}`);
  const [thread] = await query<{ closed: boolean }>("SELECT closed FROM thread WHERE id = $1", [threadId]);
  expect(thread!.closed).toBe(false);
});

test("a comment someone else decided meanwhile shows its new state and buttons", async ({ page }) => {
  await signIn(page, "moderator");
  await page.goto("/queue?status=flagged");
  const card = page.getByRole("list", { name: "Comments to review" }).getByRole("listitem").first();
  const id = Number(await card.getAttribute("data-comment-id"));
  const [row] = await query<{ mod_version: number }>("SELECT mod_version FROM comment WHERE id = $1", [id]);
  // Another moderator approves it through the API while this page is open.
  const other = await page.request.post(`/api/v1/comments/${id}/decision`, {
    data: { action: "approve", expectedVersion: row!.mod_version },
    headers: { origin: E2E.baseURL },
  });
  expect(other.status()).toBe(200);
  await card.getByRole("button", { name: /^Approve/ }).click();
  await expect(page.getByRole("status").first()).toContainText("was changed by someone else (now approved");
  await expect(card.getByRole("button", { name: /^Approve/ })).toHaveCount(0);
  await expect(card.getByRole("button", { name: /^Restore/ })).toBeVisible();
});

test("after a bulk approve of the first two cards, focus goes to the next card still waiting", async ({ page }) => {
  await signIn(page, "moderator");
  await openQueue(page, "/queue?status=flagged");
  const items = page.getByRole("list", { name: "Comments to review" }).getByRole("listitem");
  expect(await items.count()).toBeGreaterThan(3);
  const third = await items.nth(2).getAttribute("data-comment-id");
  await items.first().focus();
  await page.keyboard.press("x");
  await page.keyboard.press("j");
  await page.keyboard.press("x");
  await page.keyboard.press("Shift+A");
  await expect(page.getByRole("status").first()).toContainText("Approved 2 comments.");
  await expect(items.first()).toHaveAttribute("data-comment-id", third!);
  await expect(items.first()).toBeFocused();
});

test("a list refreshed under an open dialog decides the comment the dialog was opened on", async ({ page }) => {
  await signIn(page, "moderator");
  await openQueue(page, "/queue?status=flagged");
  const items = page.getByRole("list", { name: "Comments to review" }).getByRole("listitem");
  expect(await items.count()).toBeGreaterThan(3);
  const ids = await items.evaluateAll((cards) => cards.slice(0, 4).map((c) => Number(c.getAttribute("data-comment-id"))));
  // To the first comment's thread and back, after someone else decided that comment.
  await items.first().focus();
  await page.keyboard.press("t");
  await expect(page).toHaveURL(/\/threads\//);
  const [row] = await query<{ mod_version: number }>("SELECT mod_version FROM comment WHERE id = $1", [ids[0]]);
  const other = await page.request.post(`/api/v1/comments/${ids[0]}/decision`, {
    data: { action: "approve", expectedVersion: row!.mod_version },
    headers: { origin: E2E.baseURL },
  });
  expect(other.status()).toBe(200);
  // The fresh copy arrives late, while the moderator is already at work on the old one.
  await page.route("**/queue**", async (route) => {
    if (route.request().headers()["rsc"] === "1") await new Promise((done) => setTimeout(done, 3_000));
    await route.fallback();
  });
  await page.goBack();
  await expect(items.first()).toHaveAttribute("data-comment-id", String(ids[0]));
  await page.keyboard.press("j");
  await page.keyboard.press("j");
  await expect(items.nth(2)).toHaveAttribute("aria-current", "true");
  await page.keyboard.press("r");
  const dialog = page.getByRole("dialog", { name: "Reject this comment" });
  await expect(dialog).toBeVisible();
  // The refresh lands: the first card leaves and every other moves up one.
  await expect(items.first()).toHaveAttribute("data-comment-id", String(ids[1]), { timeout: 15_000 });
  await page.keyboard.press("1");
  await page.keyboard.press("Enter");
  await expect(page.getByRole("status").first()).toContainText("Rejected");
  const states = await query<{ id: number; mod_status: string }>("SELECT id, mod_status FROM comment WHERE id = ANY($1::int[])", [ids]);
  const status = new Map(states.map((s) => [s.id, s.mod_status]));
  expect([status.get(ids[1]!), status.get(ids[2]!), status.get(ids[3]!)]).toEqual(["flagged", "rejected", "flagged"]);
  await page.unroute("**/queue**");
});

test("a comment whose text changed since the page loaded is not approved unseen: the card shows the new text first", async ({ page }) => {
  await signIn(page, "moderator");
  await openQueue(page, "/queue?status=flagged");
  const card = page.getByRole("list", { name: "Comments to review" }).getByRole("listitem").first();
  const id = Number(await card.getAttribute("data-comment-id"));
  // What a re-import of an edited comment does.
  await query("UPDATE comment SET body = body || ' (edited by its author)', mod_version = mod_version + 1 WHERE id = $1", [id]);
  await card.getByRole("button", { name: /^Approve/ }).click();
  await expect(page.getByRole("status").first()).toContainText("Its text changed since this page was loaded");
  await expect(card).toContainText("(edited by its author)");
  await expect(card.locator("mark")).toHaveCount(0);
  await card.getByRole("button", { name: /^Approve/ }).click();
  await expect(page.getByRole("status").first()).toContainText("Approved the comment");
  const [row] = await query<{ mod_status: string }>("SELECT mod_status FROM comment WHERE id = $1", [id]);
  expect(row!.mod_status).toBe("approved");
});

/** A second thread of our own, for the counts below: two insults flagged, one civil comment. */
const COUNTED = `Night buses cut on the harbour line

The council says too few people ride them.

  • Rook Caller

    You are an idiot and a liar.

  • Wren Shout

    Shut up, you pathetic clown.

  • Mae Fair

    A shame, I take the last bus home every Friday.
`;

test("the tab counts, a thread's waiting count and the attention chips follow what is done on the page", async ({ page }) => {
  const counted = await importTextPage("night-buses.txt", COUNTED, "e2e-moderation");
  const [flagged] = await query<{ n: number }>("SELECT count(*)::int AS n FROM comment WHERE thread_id = $1 AND mod_status = 'flagged'", [counted]);
  expect(flagged!.n).toBe(2);
  await signIn(page, "moderator");

  // The queue's tabs, narrowed to this thread: a decision moves its comment from one count to another.
  await openQueue(page, `/queue?status=flagged&thread=${counted}`);
  const tabs = page.getByRole("navigation", { name: "Queues" });
  await expect(tabs.getByRole("link", { name: "Flagged (2)" })).toBeVisible();
  await expect(tabs.getByRole("link", { name: "Escalated (0)" })).toBeVisible();
  await page.keyboard.press("e");
  await page.getByRole("dialog", { name: "Escalate this comment" }).getByRole("button", { name: "Escalate" }).click();
  await expect(page.getByRole("status").first()).toContainText("Escalated the comment");
  await expect(tabs.getByRole("link", { name: "Flagged (1)" })).toBeVisible();
  await expect(tabs.getByRole("link", { name: "Escalated (1)" })).toBeVisible();

  // The thread page: two wait (one flagged, one escalated); each decision there counts down.
  await page.goto(`/threads/${counted}`);
  await expect(page.getByText("2 waiting for review")).toBeVisible();
  const tree = page.getByRole("list", { name: "Comments" });
  await tree.getByRole("article").filter({ hasText: "Rook Caller" }).getByRole("button", { name: /^Approve/ }).click();
  await expect(page.getByText("1 waiting for review")).toBeVisible();
  await tree.getByRole("article").filter({ hasText: "Rook Caller" }).getByRole("button", { name: /^Restore to queue/ }).click();
  await expect(page.getByText("2 waiting for review")).toBeVisible();

  // Back to the list as it was left: the way back keeps the search.
  await page.goto("/threads?view=all&q=night+buses");
  await page.getByRole("table", { name: "Threads" }).getByRole("link", { name: "Night buses cut on the harbour line", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Night buses cut on the harbour line");
  await page.getByRole("link", { name: "← Threads" }).click();
  await expect(page).toHaveURL(/\/threads\?view=all&q=night\+buses$/);
  await expect(page.getByRole("searchbox", { name: "Title or address (or thread id)" })).toHaveValue("night buses");

  // The attention list: its chips follow the buttons (on a thread not pre-moderated, left as it was).
  await page.goto("/threads");
  const cards = page.getByRole("list", { name: "Threads, most urgent first" }).locator(":scope > li");
  const plain = cards.filter({ hasNot: page.locator("header .chip", { hasText: "pre-moderated" }) }).first();
  const title = (await plain.locator("header a").first().textContent())!;
  const card = cards.filter({ has: page.getByRole("link", { name: title, exact: true }) });
  const chips = card.locator("header .chip");
  await card.getByRole("button", { name: /^Pre-moderate/ }).click();
  await expect(chips.filter({ hasText: "pre-moderated" })).toHaveCount(1);
  await card.getByRole("button", { name: /^Close thread/ }).click();
  await expect(chips.filter({ hasText: "closed" })).toHaveCount(1);
  await card.getByRole("button", { name: /^Reopen thread/ }).click();
  await expect(chips.filter({ hasText: "closed" })).toHaveCount(0);
  await card.getByRole("button", { name: /^Stop pre-moderating/ }).click();
  await expect(chips.filter({ hasText: "pre-moderated" })).toHaveCount(0);
});
