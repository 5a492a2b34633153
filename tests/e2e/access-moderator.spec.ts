import { expect, test } from "@playwright/test";
import { expectAccess } from "./access";
import { signIn } from "./helpers";

test("moderator sees what the role may see and nothing more", async ({ page }) => {
  await signIn(page, "moderator");
  await expectAccess(page, "moderator");
  await page.goto("/");
  await expect(page.getByRole("navigation", { name: "Main" })).toContainText("moderator@demo.local");
});
