import { expect, test } from "@playwright/test";
import { query, runCli, signIn } from "./helpers";

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

  // Deactivating turns the button into Reactivate.
  const row = page.getByRole("row").filter({ hasText: EMAIL });
  await row.getByRole("button", { name: "Deactivate" }).click();
  await expect(row.getByRole("button", { name: "Reactivate" })).toBeVisible();
  await row.getByRole("button", { name: "Reactivate" }).click();
  await expect(row.getByRole("button", { name: "Deactivate" })).toBeVisible();

  // The last active admin cannot demote themselves: refused, and the list shows the role kept.
  expect(await query("SELECT 1 FROM app_user WHERE role = 'admin' AND active")).toHaveLength(1);
  const mine = page.getByLabel("Role of admin@demo.local");
  await mine.selectOption("staff");
  await page.getByRole("button", { name: "Save role" }).click();
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
  await add("Add a suspect term", "grotbag*");
  await expect(page.locator("#suspect-term-message")).toHaveText("Not saved: “grotbag*” is on the banned list; remove it there first.");
  await expect(page.locator("#suspect-term-message")).toHaveClass("error");
  await page.getByRole("button", { name: "Remove grotbag*" }).click();
  await expect(bannedStatus).toHaveText("Removed “grotbag*”.");
  // A pasted term too long is refused whole, not cut to fit and stored.
  await add("Add a banned term", "spam ".repeat(40).trim());
  await expect(bannedStatus).toContainText("Not saved: at most 80 characters");
  await expect(page.getByLabel("Add a banned term")).toHaveValue("spam ".repeat(40).trim());
});
