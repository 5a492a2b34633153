import { expect, test } from "@playwright/test";
import { expectAccess } from "./access";
import { signIn } from "./helpers";

test("editor sees what the role may see and nothing more", async ({ page }) => {
  await signIn(page, "editor");
  await expectAccess(page, "editor");
  await page.goto("/");
  await expect(page.getByRole("navigation", { name: "Main" })).toContainText("editor@demo.local");
});
