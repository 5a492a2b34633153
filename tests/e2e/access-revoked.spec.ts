import { expect, test } from "@playwright/test";
import { runCli, signIn } from "./helpers";

test.describe.configure({ mode: "serial" });

test("a deactivated user is out on the next request, pages and API alike", async ({ page, browser }) => {
  const created = await runCli("scripts/user.ts", ["create", "--email", "leaver@demo.local", "--role", "moderator", "--password", "leaver-password-1"]);
  expect(created.code, created.stderr).toBe(0);
  await page.goto("/login");
  await page.getByLabel("Email").fill("leaver@demo.local");
  await page.getByLabel("Password").fill("leaver-password-1");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/queue/);
  expect((await page.request.get("/api/v1/queue")).status()).toBe(200);
  expect((await (await page.request.get("/api/auth/session")).json()).user).toMatchObject({ email: "leaver@demo.local" });

  const deactivated = await runCli("scripts/user.ts", ["deactivate", "--email", "leaver@demo.local"]);
  expect(deactivated.code, deactivated.stderr).toBe(0);
  const api = await page.request.get("/api/v1/queue");
  expect(api.status()).toBe(401);
  expect(await api.json()).toEqual({ error: "sign in required" });
  const queue = await page.request.get("/queue", { maxRedirects: 0 });
  expect(queue.status()).toBe(307);
  expect(queue.headers()["location"]).toMatch(/\/login/);
  // next-auth's own session endpoint no longer names the user either.
  expect(await (await page.request.get("/api/auth/session")).json()).toEqual({});

  // And cannot sign in again.
  const fresh = await browser.newPage();
  await fresh.goto("/login");
  await fresh.getByLabel("Email").fill("leaver@demo.local");
  await fresh.getByLabel("Password").fill("leaver-password-1");
  await fresh.getByRole("button", { name: "Sign in" }).click();
  await expect(fresh.locator("#login-error")).toContainText("Wrong email or password");
  await fresh.close();
});

test("signing out ends the session: a copy of its cookie signs no one in", async ({ page, browser }) => {
  await signIn(page, "editor");
  expect((await page.request.get("/api/v1/insights")).status()).toBe(200);
  const copied = await page.context().cookies();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  // Another browser holding the cookie as it was before signing out.
  const other = await browser.newContext();
  await other.addCookies(copied);
  const api = await other.request.get("/api/v1/insights");
  expect(api.status()).toBe(401);
  const insights = await other.request.get("/insights", { maxRedirects: 0 });
  expect(insights.status()).toBe(307);
  expect(await (await other.request.get("/api/auth/session")).json()).toEqual({});
  // Nor through the POST next-auth answers the same way (its update call), with a valid CSRF token.
  const { csrfToken } = (await (await other.request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const posted = await other.request.post("/api/auth/session", { data: { csrfToken }, headers: { origin: new URL(page.url()).origin } });
  expect(await posted.json()).toEqual({});
  await other.close();
  // Signing in again starts a new session, which works.
  await signIn(page, "editor");
  expect((await page.request.get("/api/v1/insights")).status()).toBe(200);
});

test("a revoked API token gets 401 and no data", async ({ request }) => {
  const issued = await runCli("scripts/user.ts", ["token", "--email", "moderator@demo.local"]);
  expect(issued.code, issued.stderr).toBe(0);
  const token = issued.stdout.trim();
  const headers = { authorization: `Bearer ${token}` };
  const ok = await request.get("/api/v1/queue?limit=1", { headers });
  expect(ok.status()).toBe(200);
  expect((await ok.json()).items).toBeDefined();
  // Bearer clients need no Origin header to write.
  const write = await request.post("/api/v1/decisions/bulk", { headers, data: { action: "approve", items: [] } });
  expect(write.status()).toBe(200);

  const { query } = await import("./helpers");
  const [row] = await query<{ id: number }>("SELECT id FROM api_token ORDER BY id DESC LIMIT 1");
  const revoked = await runCli("scripts/user.ts", ["revoke", "--id", String(row!.id)]);
  expect(revoked.code, revoked.stderr).toBe(0);
  const denied = await request.get("/api/v1/queue?limit=1", { headers });
  expect(denied.status()).toBe(401);
  expect(await denied.json()).toEqual({ error: "sign in required" });
});

test("sign-in is rate-limited per account with a clear message", async ({ page }) => {
  await page.goto("/login");
  for (let i = 0; i < 5; i++) {
    await page.getByLabel("Email").fill("editor@demo.local");
    await page.getByLabel("Password").fill(`wrong-${i}`);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.locator("#login-error")).toContainText("Wrong email or password");
  }
  await page.getByLabel("Password").fill("demo-editor-pass");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.locator("#login-error")).toContainText(/Too many failed sign-ins\. Try again in \d+ minutes?\./);
  const { query } = await import("./helpers");
  await query("DELETE FROM sign_in_failure WHERE email = 'editor@demo.local'");
});
