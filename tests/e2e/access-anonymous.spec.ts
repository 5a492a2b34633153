import { expect, test } from "@playwright/test";
import { ACCESS, enumerateRouteMethods, enumerateRoutes, expectAccess, methodsOf, routePath } from "./access";

test("every route in app/ has an access rule", () => {
  expect(enumerateRoutes()).toEqual(Object.keys(ACCESS).map(routePath).sort());
});

test("every method a route handler exports has an access rule", () => {
  const ruled = Object.fromEntries(
    Object.entries(ACCESS).filter(([, rule]) => rule.kind === "api").map(([route, rule]) => [routePath(route), methodsOf(rule)]),
  );
  expect(enumerateRouteMethods()).toEqual(ruled);
});

test("a signed-out visitor is sent to sign-in and gets 401 from the API", async ({ page }) => {
  await expectAccess(page, null);
  await page.goto("/queue");
  await expect(page).toHaveURL(/\/login\?next=%2Fqueue/);
  await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
  // A bookmarked view comes back whole after signing in: its filters are part of the way back.
  await page.goto("/queue?status=escalated&text=ferry");
  await expect(page).toHaveURL(/\/login\?next=%2Fqueue%3Fstatus%3Descalated%26text%3Dferry$/);
  await page.getByLabel("Email").fill("moderator@demo.local");
  await page.getByLabel("Password").fill("demo-moderator-pass");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/queue\?status=escalated&text=ferry$/);
});

test("wrong credentials are refused with a clear message", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("Email").fill("moderator@demo.local");
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.locator("#login-error")).toContainText("Wrong email or password");
  await expect(page.locator("#login-error")).toHaveAttribute("role", "alert");
  await expect(page).toHaveURL(/\/login/);
});

test("no page or answer may be framed by another site", async ({ request }) => {
  for (const url of ["/login", "/queue", "/api/v1/queue", "/api/health"]) {
    const response = await request.get(url, { maxRedirects: 0 });
    expect(response.headers()["content-security-policy"], url).toContain("frame-ancestors 'none'");
    expect(response.headers()["x-frame-options"], url).toBe("DENY");
    expect(response.headers()["x-content-type-options"], url).toBe("nosniff");
  }
});
