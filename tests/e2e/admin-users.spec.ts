import { spawn } from "node:child_process";
import { expect, test } from "@playwright/test";
import { query, runCli, signIn } from "./helpers";
import { E2E } from "./env";

const EMAIL = "role.steps@demo.local";

test("a role is saved only when chosen and confirmed; a refused change puts the list back", async ({ page }) => {
  const created = await runCli("scripts/user.ts", ["create", "--email", EMAIL, "--role", "staff", "--password", "role-steps-password"]);
  expect(created.code, created.stderr).toBe(0);
  const roleOf = async (email: string) => (await query<{ role: string }>("SELECT role FROM app_user WHERE email = $1", [email]))[0]!.role;

  await signIn(page, "admin");
  await page.goto("/admin/users");
  const select = page.getByLabel(`Role of ${EMAIL}`);
  // Stepping through the list with the arrow keys passes through other roles and saves none of them.
  await select.focus();
  await page.keyboard.press("ArrowUp");
  await page.keyboard.press("ArrowUp");
  await expect(select).not.toHaveValue("staff");
  expect(await roleOf(EMAIL)).toBe("staff");

  await select.selectOption("moderator");
  await page.getByRole("button", { name: "Save role" }).click();
  await expect(page.getByText("Role changed to moderator.")).toBeVisible();
  expect(await roleOf(EMAIL)).toBe("moderator");
  await expect(page.getByRole("button", { name: "Save role" })).toHaveCount(0);
  // The button pressed is gone: focus is on the role list, not back at the page's top.
  await expect(select).toBeFocused();

  // Deactivating asks first; Cancel changes nothing. Confirmed, the button turns into Reactivate.
  const row = page.getByRole("row").filter({ hasText: EMAIL });
  const activeNow = async () => (await query<{ active: boolean }>("SELECT active FROM app_user WHERE email = $1", [EMAIL]))[0]!.active;
  await row.getByRole("button", { name: `Deactivate ${EMAIL}` }).click();
  const confirm = row.getByRole("group", { name: `Deactivate ${EMAIL}? They are signed out and their API tokens are revoked for good.` });
  // The question takes the focus, and gives it back to the button that asked it.
  await expect(confirm.getByRole("button", { name: "Cancel" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(confirm).toHaveCount(0);
  await expect(row.getByRole("button", { name: `Deactivate ${EMAIL}` })).toBeFocused();
  expect(await activeNow()).toBe(true);
  await row.getByRole("button", { name: `Deactivate ${EMAIL}` }).click();
  await confirm.getByRole("button", { name: "Deactivate", exact: true }).click();
  await expect(row.getByRole("button", { name: "Reactivate" })).toBeVisible();
  expect(await activeNow()).toBe(false);
  await row.getByRole("button", { name: "Reactivate" }).click();
  await expect(row.getByRole("button", { name: "Deactivate" })).toBeVisible();

  // The last active admin cannot demote themselves: refused, and the list shows the role kept.
  expect(await query("SELECT 1 FROM app_user WHERE role = 'admin' AND active")).toHaveLength(1);
  const mine = page.getByLabel("Role of admin@demo.local");
  await mine.selectOption("staff");
  // Taking one's own admin role away asks first.
  await page.getByRole("button", { name: "Save role" }).click();
  const demote = page.getByRole("group", { name: "Make yourself staff? You lose the admin pages at once; only another admin can give them back." });
  await expect(demote.getByRole("button", { name: "Cancel" })).toBeFocused();
  await demote.getByRole("button", { name: "Make staff" }).click();
  await expect(page.locator(".error").filter({ hasText: /admin/ })).toBeVisible();
  await expect(mine).toHaveValue("admin");
  expect(await roleOf("admin@demo.local")).toBe("admin");
});

test("word-list refusals read as errors; a term too broad, repeated or on the other list is refused", async ({ page }) => {
  await signIn(page, "admin");
  await page.goto("/admin/settings");
  const add = async (label: string, term: string) => {
    await page.getByLabel(label).fill(term);
    await page.getByLabel(label).press("Enter");
  };
  const bannedStatus = page.locator("#banned-term-message");
  await add("Add a banned term", "a*");
  await expect(bannedStatus).toContainText('Not saved: a term with "*" needs at least 3 letters or digits');
  await expect(bannedStatus).toHaveClass("error");
  await expect(page.getByLabel("Add a banned term")).toHaveAttribute("aria-invalid", "true");
  await add("Add a banned term", "grotbag*");
  await expect(bannedStatus).toHaveText("Added “grotbag*”.");
  await expect(bannedStatus).toHaveClass("notice");
  await add("Add a banned term", "GROTBAG*");
  await expect(bannedStatus).toHaveText("“grotbag*” is already on this list.");
  // Submitted twice at once (a double Enter), the term is added once and says so, not "already on
  // this list" after "Added". Both submits leave before any answer, whatever the server's speed.
  await page.getByLabel("Add a suspect term").fill("twicer");
  await page.getByLabel("Add a suspect term").evaluate((input) => {
    const form = (input as HTMLInputElement).form!;
    form.requestSubmit();
    form.requestSubmit();
  });
  await expect(page.locator("#suspect-term-message")).toHaveText("Added “twicer”.");
  // Still so once every request has been answered (a second one would say "already on this list").
  await page.waitForLoadState("networkidle");
  await expect(page.locator("#suspect-term-message")).toHaveText("Added “twicer”.");
  await expect(page.getByRole("button", { name: "Remove twicer" })).toHaveCount(1);
  await add("Add a suspect term", "grotbag*");
  await expect(page.locator("#suspect-term-message")).toHaveText("Not saved: “grotbag*” is on the banned list; remove it there first.");
  await expect(page.locator("#suspect-term-message")).toHaveClass("error");
  await page.getByRole("button", { name: "Remove grotbag*" }).focus();
  await page.keyboard.press("Enter");
  await expect(bannedStatus).toHaveText("Removed “grotbag*”.");
  // The focused button went with its chip: focus moves to a neighbouring chip's button, or to the input.
  await expect(page.getByRole("button", { name: "Remove grotbag*" })).toHaveCount(0);
  await expect
    .poll(() => page.evaluate(() => document.activeElement?.getAttribute("aria-label") ?? document.activeElement?.getAttribute("name") ?? "body"))
    .toMatch(/^Remove |^term$/);
  // A pasted term too long is refused whole, not cut to fit and stored.
  await add("Add a banned term", "spam ".repeat(40).trim());
  await expect(bannedStatus).toContainText("Not saved: at most 80 characters");
  await expect(page.getByLabel("Add a banned term")).toHaveValue("spam ".repeat(40).trim());
});

test("an admin returns from a site calibration to the shipped model, after confirming", async ({ page }) => {
  await signIn(page, "admin");
  await page.goto("/admin/settings");
  const model = page.locator("dt", { hasText: /^Model$/ }).locator("xpath=following-sibling::dd[1]");
  const [name, version] = (await model.innerText()).trim().split(/\s+/);
  await expect(page.getByRole("button", { name: "Return to the shipped model" })).toHaveCount(0);
  // A calibration as "Learn from our decisions" stores one (identity weights: the same scores).
  const calibration = { revision: 7, profile: "default", baseVersion: version, weights: [1, 0, 0, 0, 0, 0, 0, 0], bias: 0, fittedAt: new Date().toISOString(), labels: 120 };
  await query("INSERT INTO setting (key, value) VALUES ('scoring.calibration.default', $1) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value", [JSON.stringify(calibration)]);
  try {
    await page.reload();
    await expect(page.locator("dt", { hasText: "Site calibration" }).locator("xpath=following-sibling::dd[1]")).toContainText("revision 7, 120 labels");
    await page.getByRole("button", { name: "Return to the shipped model" }).click();
    const confirm = page.getByRole("group", { name: "Confirm return to the shipped model" });
    await expect(confirm).toContainText("Every comment will be re-scored");
    await confirm.getByRole("button", { name: "Cancel" }).click();
    await expect(confirm).toHaveCount(0);
    await page.getByRole("button", { name: "Return to the shipped model" }).click();
    await confirm.getByRole("button", { name: `Return to ${name} ${version}` }).click();
    // Re-scoring everything is a worker's job: the page waits for one, and still after a reload.
    const progress = page.getByTestId("calibration-progress");
    await expect(progress).toContainText("waiting for a worker");
    await page.reload();
    await expect(progress).toContainText(`Returning to ${name} ${version}: waiting for a worker`);
    // Withdrawn while it waits; then asked again, and a worker takes it.
    await progress.getByRole("button", { name: "Cancel" }).click();
    await expect(page.locator("#calibration-status")).toContainText("Not done: cancelled by admin@demo.local before a worker took it");
    await page.getByRole("button", { name: "Return to the shipped model" }).click();
    await confirm.getByRole("button", { name: `Return to ${name} ${version}` }).click();
    await expect(progress).toContainText("waiting for a worker");
    const worker = spawn(process.execPath, ["--import", "tsx", "scripts/worker.ts", "--queues", "scoring-change"], {
      env: { ...process.env, DATABASE_URL: E2E.databaseUrl },
      stdio: "ignore",
    });
    try {
      await expect(page.locator("#calibration-status")).toContainText(`Returned to ${name} ${version} (from ${version}+site.7):`, { timeout: 60_000 });
    } finally {
      worker.kill("SIGTERM");
    }
    await page.reload();
    await expect(page.locator("dt", { hasText: "Site calibration" }).locator("xpath=following-sibling::dd[1]")).toHaveText("none");
    await expect(page.getByRole("button", { name: "Return to the shipped model" })).toHaveCount(0);
    const [stored] = await query<{ value: { revision: number; retiredAt?: string } }>("SELECT value FROM setting WHERE key = 'scoring.calibration.default'");
    expect(stored!.value).toMatchObject({ revision: 7, retiredAt: expect.any(String) });
  } finally {
    await query("DELETE FROM setting WHERE key = 'scoring.calibration.default'");
    // The worker changed the model; the web server picks it up within its refresh interval.
    // Wait for that, so the tests after this one see the shipped model.
    await expect
      .poll(async () => ((await (await page.request.get("/api/v1/insights")).json()) as { filters: { model: { version: string } } }).filters.model.version, {
        timeout: 60_000,
        intervals: [1000],
      })
      .toBe(version);
  }
});

test("an admin unlocks an account, resets its password and issues and revokes a token, each secret shown once", async ({ page, browser }) => {
  const email = "keys.admin@demo.local";
  const created = await runCli("scripts/user.ts", ["create", "--email", email, "--role", "staff", "--password", "keys-admin-password"]);
  expect(created.code, created.stderr).toBe(0);
  // Five failed sign-ins lock the account.
  await query("INSERT INTO sign_in_failure (email, ip) SELECT $1, '203.0.113.9' FROM generate_series(1, 5)", [email]);
  await signIn(page, "admin");
  await page.goto("/admin/users");
  // Not for oneself: the reset would sign the admin out before they saw the new password.
  await expect(page.getByRole("button", { name: "Reset password for admin@demo.local" })).toHaveCount(0);
  const row = page.getByRole("row").filter({ hasText: email });
  await expect(row).toContainText(/locked for 1[45] more min/);
  await row.getByRole("button", { name: `Unlock ${email}` }).click();
  await expect(row.getByRole("status")).toHaveText(`The lock on ${email} is lifted.`);
  // Forgiven for the account (still counted against the address they came from).
  expect(await query("SELECT 1 FROM sign_in_failure WHERE email = $1 AND cleared_at IS NULL", [email])).toHaveLength(0);

  // Signed in with the old password before the reset: that session ends with it.
  const before = await browser.newContext();
  const old = await before.newPage();
  await old.goto("/login");
  await old.getByLabel("Email").fill(email);
  await old.getByLabel("Password").fill("keys-admin-password");
  await old.getByRole("button", { name: "Sign in" }).click();
  await expect(old).not.toHaveURL(/\/login/);

  await row.getByRole("button", { name: `Reset password for ${email}` }).click();
  await row.getByRole("group", { name: `Give ${email} a new password? The old one stops working and they are signed out; their API tokens keep working (revoke them under API tokens if someone else may know them).` }).getByRole("button", { name: "Reset password" }).click();
  const shown = row.getByRole("textbox", { name: "Password", exact: true });
  await expect(shown).toHaveValue(/^.{10,}$/);
  const password = await shown.inputValue();
  // The new password signs in; the old one no longer does.
  const other = await browser.newContext();
  const theirs = await other.newPage();
  await theirs.goto("/login");
  await theirs.getByLabel("Email").fill(email);
  await theirs.getByLabel("Password").fill(password);
  await theirs.getByRole("button", { name: "Sign in" }).click();
  await expect(theirs).not.toHaveURL(/\/login/);
  await other.close();
  await old.goto("/exports");
  await expect(old).toHaveURL(/\/login/);
  await before.close();

  await row.getByRole("button", { name: `Issue token for ${email}` }).click();
  await row.getByRole("textbox", { name: "Token for" }).fill("weekly sheet");
  // A double click issues one token: a second would be a token whose secret nobody saw.
  await row.getByRole("button", { name: "Issue" }).dblclick();
  const secret = row.getByRole("textbox", { name: "Token", exact: true });
  await expect(secret).toHaveValue(/^cdk_/);
  const token = await secret.inputValue();
  const answer = await page.request.get("/api/v1/insights", { headers: { authorization: `Bearer ${token}` } });
  expect(answer.status()).toBe(200);

  await page.reload();
  const tokenRow = page.getByRole("table").nth(1).getByRole("row").filter({ hasText: "weekly sheet" });
  await expect(tokenRow).toHaveCount(1);
  // Who issued it is on record.
  await expect(tokenRow).toContainText("admin@demo.local");
  // Asked, then not: focus goes back to the Revoke button, not the page's top.
  await tokenRow.getByRole("button", { name: /^Revoke/ }).click();
  await tokenRow.getByRole("group").getByRole("button", { name: "Cancel", exact: true }).click();
  await expect(tokenRow.getByRole("button", { name: /^Revoke/ })).toBeFocused();
  await tokenRow.getByRole("button", { name: /^Revoke/ }).click();
  await tokenRow.getByRole("group").getByRole("button", { name: "Revoke", exact: true }).click();
  // The page re-reads the list: the row now says when it was revoked.
  await expect(tokenRow).toContainText(/revoked \w/);
  // Keyboard focus stays in the row, on what replaced the button.
  await expect(tokenRow.getByRole("status").filter({ hasText: /revoked/ })).toBeFocused();
  expect((await page.request.get("/api/v1/insights", { headers: { authorization: `Bearer ${token}` } })).status()).toBe(401);
});

test("a new user's generated password is shown once beside the message, not read out with it", async ({ page }) => {
  await signIn(page, "admin");
  await page.goto("/admin/users");
  await page.getByLabel("Email").fill("new-reporter@demo.local");
  // A double click makes one account and keeps its password in view (a second request would
  // fail as a duplicate and, answering last, wipe it).
  await page.getByRole("button", { name: "Create user" }).dblclick();
  const status = page.getByRole("status").filter({ hasText: "Created new-reporter@demo.local" });
  await expect(status).toHaveText("Created new-reporter@demo.local. Their password is below, shown once.");
  // Still so once every request has been answered.
  await page.waitForLoadState("networkidle");
  await expect(status).toHaveText("Created new-reporter@demo.local. Their password is below, shown once.");
  const password = await page.getByLabel("Their password (shown once)").inputValue();
  expect(password.length).toBeGreaterThanOrEqual(16);
  await expect(status).not.toContainText(password);
});

test("a refused new user's problem is tied to the field it concerns", async ({ page }) => {
  await signIn(page, "admin");
  await page.goto("/admin/users");
  await page.getByLabel("Email").fill("weak-password@demo.local");
  const password = page.getByLabel("Password (leave empty to generate one)");
  await password.fill("aaaaaaaaaa");
  await page.getByRole("button", { name: "Create user" }).click();
  await expect(password).toHaveAttribute("aria-invalid", "true");
  await expect(password).toHaveAccessibleDescription(/^Password: /);
  await expect(page.getByLabel("Email")).not.toHaveAttribute("aria-invalid", "true");
  // Put right, the marks go.
  await password.fill("a-better-password-1");
  await page.getByRole("button", { name: "Create user" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Created weak-password@demo.local" })).toBeVisible();
  await expect(password).not.toHaveAttribute("aria-invalid", "true");
});
