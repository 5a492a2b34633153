import { expect, test } from "@playwright/test";
import { expectAccess } from "./access";
import { signIn } from "./helpers";

test("staff sees what the role may see and nothing more", async ({ page }) => {
  await signIn(page, "staff");
  await expectAccess(page, "staff");
  await page.goto("/");
  await expect(page.getByRole("navigation", { name: "Main" })).toContainText("staff@demo.local");
});
