import { expect, test } from "@playwright/test";
import { E2E } from "./env";
import { signIn } from "./helpers";

// Values a request can carry that the database cannot store (an id past PostgreSQL's integer, a NUL
// character, a cursor of another queue's order) are refused at the edge with 422 and the field's
// name, not answered with a 500 from inside a query or a report that stops after its header.

test("ids, versions, text and cursors the database cannot take are refused with 422, naming the field", async ({ page }) => {
  await signIn(page, "moderator");
  const api = page.request;
  const issue = async (response: Awaited<ReturnType<typeof api.get>>) => {
    expect(response.status(), await response.text()).toBe(422);
    return ((await response.json()) as { issues?: { path: string[]; message: string }[] }).issues ?? [];
  };

  expect(await issue(await api.get("/api/v1/comments/3000000000"))).toEqual([expect.objectContaining({ path: ["id"], message: "is not an id" })]);
  const [item] = ((await (await api.get("/api/v1/queue?limit=1")).json()) as { items: { id: number }[] }).items;
  expect(
    await issue(await api.post(`/api/v1/comments/${item!.id}/decision`, { data: { action: "approve", expectedVersion: 3_000_000_000 }, headers: { origin: E2E.baseURL } })),
  ).toEqual([expect.objectContaining({ path: ["expectedVersion"], message: "is not a version" })]);
  expect(
    await issue(await api.post(`/api/v1/comments/${item!.id}/decision`, { data: { action: "escalate", note: "a\u0000b", expectedVersion: 0 }, headers: { origin: E2E.baseURL } })),
  ).toEqual([expect.objectContaining({ path: ["note"], message: "must not contain a NUL character" })]);
  expect(await issue(await api.get("/api/v1/queue?text=%00"))).toEqual([expect.objectContaining({ path: ["text"] })]);
  expect(await issue(await api.get("/api/v1/queue?thread=3000000000"))).toEqual([expect.objectContaining({ path: ["thread"] })]);

  // Reports are checked before the first byte is sent.
  const thisSite = { headers: { "sec-fetch-site": "same-origin" } };
  expect((await api.get("/api/v1/reports?format=csv&thread=3000000000", thisSite)).status()).toBe(422);
  expect((await api.get("/api/v1/reports?format=csv&source=%00", thisSite)).status()).toBe(422);

  // A cursor of the flagged queue (a priority) handed to the approved queue (sorted by time), or a forged one.
  type Page = { items: { id: number }[]; next: string | null };
  const flagged = (await (await api.get("/api/v1/queue?status=flagged&limit=1")).json()) as Page;
  expect(flagged.items).toHaveLength(1);
  expect(flagged.next).not.toBeNull();
  expect(await issue(await api.get(`/api/v1/queue?status=approved&after=${flagged.next}`))).toEqual([
    expect.objectContaining({ path: ["after"], message: expect.stringMatching(/^not a cursor of this queue/) }),
  ]);
  const forged = Buffer.from(JSON.stringify(["x", 1])).toString("base64url");
  expect(await issue(await api.get(`/api/v1/queue?status=flagged&after=${forged}`))).toEqual([expect.objectContaining({ path: ["after"] })]);
  // The same cursor still pages its own queue, on from where its page ended: a next cursor
  // means a second comment is waiting, and it is the one a page of two shows after the first.
  const following = await api.get(`/api/v1/queue?status=flagged&limit=1&after=${flagged.next}`);
  expect(following.status(), await following.text()).toBe(200);
  const second = ((await following.json()) as Page).items.map((i) => i.id);
  const firstTwo = ((await (await api.get("/api/v1/queue?status=flagged&limit=2")).json()) as Page).items.map((i) => i.id);
  expect(firstTwo).toHaveLength(2);
  expect(firstTwo[0]).toBe(flagged.items[0]!.id);
  expect(second).not.toContain(flagged.items[0]!.id);
  expect(second).toEqual([firstTwo[1]]);

  // The page starts such a queue from the top, and says why.
  await page.goto(`/queue?status=approved&after=${flagged.next}`);
  await expect(page.getByRole("status").filter({ hasText: "page link" })).toHaveText("That page link does not belong to this queue, so it starts from the first page.");
  await expect(page.getByRole("heading", { name: "Review queue" })).toBeVisible();
});

test("a page address with an id past what the database holds is not found, not a server error", async ({ page }) => {
  await signIn(page, "admin");
  for (const path of ["/threads/3000000000", "/commenters/3000000000", "/insights/articles/3000000000", "/insights/authors/3000000000"]) {
    const response = await page.goto(path);
    expect(response!.status(), path).toBe(404);
  }
});

test("a signed-in browser's API reads sent by another site are refused; this site's are not", async ({ page }) => {
  await signIn(page, "staff");
  const api = page.request;
  const crossSite = { "sec-fetch-site": "cross-site", "sec-fetch-mode": "navigate" };
  const refused = await api.get("/api/export?format=csv", { headers: crossSite });
  expect(refused.status()).toBe(403);
  expect(await refused.json()).toEqual({ error: "cross-site request refused" });
  expect((await api.get("/api/v1/reports?format=jsonl&to=2000-01-01", { headers: crossSite })).status()).toBe(403);
  expect((await api.get("/api/v1/reports?format=jsonl&to=2000-01-01", { headers: { "sec-fetch-site": "same-origin" } })).status()).toBe(200);
  // A link followed from an email or typed in the address bar says "none".
  expect((await api.get("/api/v1/reports?format=jsonl&to=2000-01-01", { headers: { "sec-fetch-site": "none" } })).status()).toBe(200);
  // A browser sends no Sec-Fetch-Site to a plain-HTTP site: a download then needs this site's Referer.
  expect((await api.get("/api/v1/reports?format=jsonl&to=2000-01-01")).status()).toBe(403);
  expect((await api.get("/api/export?format=jsonl&to=2000-01-01", { headers: { referer: "http://elsewhere.example/" } })).status()).toBe(403);
  expect((await api.get("/api/export?format=jsonl&to=2000-01-01", { headers: { referer: `${E2E.baseURL}/exports` } })).status()).toBe(200);
  // Reads that start nothing are not held to it.
  expect((await api.get("/api/v1/reports/jobs")).status()).toBe(200);
});
