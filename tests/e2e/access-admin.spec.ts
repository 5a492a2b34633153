import { expect, test } from "@playwright/test";
import { expectAccess } from "./access";
import { signIn } from "./helpers";

test("admin sees what the role may see and nothing more", async ({ page }) => {
  await signIn(page, "admin");
  await expectAccess(page, "admin");
  await page.goto("/");
  await expect(page.getByRole("navigation", { name: "Main" })).toContainText("admin@demo.local");
});
