import { expect, test, type Page } from "@playwright/test";
import { query, signIn } from "./helpers";

type Stored = { value: Record<string, number> } | undefined;

const stored = async () => (await query<{ value: Record<string, number> }>("SELECT value FROM setting WHERE key = 'moderation.thresholds'"))[0];

/** The form's outcome line (each slider's <output> is a status too). */
const outcome = (page: Page) => page.getByRole("region", { name: "Flag thresholds" }).locator("span.notice");

async function nudge(page: Page, label: string, key: "ArrowRight" | "ArrowLeft") {
  await page.getByLabel(label).focus();
  await page.keyboard.press(key);
}

test("two admins editing thresholds: different rows both land, the same row is refused and shows what is saved", async ({ browser }) => {
  const before: Stored = await stored();
  const [first, second] = await Promise.all([browser.newPage(), browser.newPage()]);
  try {
    for (const page of [first, second]) {
      await signIn(page, "admin");
      await page.goto("/admin/settings");
    }
    const insultAtStart = Number(await first.getByLabel("Insult / name-calling").inputValue());

    // The first admin lowers the insult threshold from the keyboard and saves.
    await nudge(first, "Insult / name-calling", "ArrowLeft");
    await first.getByRole("button", { name: "Save thresholds" }).click();
    await expect(outcome(first)).toContainText("Saved.");
    const insult = Number(await first.getByLabel("Insult / name-calling").inputValue());
    expect(insult).toBeCloseTo(insultAtStart - 0.05);

    // The second, opened before that save, changes profanity: saved, and told of the other change.
    await nudge(second, "Profanity / vulgarity", "ArrowLeft");
    await second.getByRole("button", { name: "Save thresholds" }).click();
    await expect(outcome(second)).toContainText("Another admin changed insult / name-calling meanwhile: shown as saved.");
    await expect(second.getByLabel("Insult / name-calling")).toHaveValue(String(insult));
    const profanity = Number(await second.getByLabel("Profanity / vulgarity").inputValue());
    expect((await stored())?.value).toMatchObject({ insult, profanity });

    // The first now changes profanity from its old view: refused by name, and the form shows the saved value.
    await nudge(first, "Profanity / vulgarity", "ArrowRight");
    await first.getByRole("button", { name: "Save thresholds" }).click();
    await expect(outcome(first)).toContainText("Not saved: another admin changed profanity / vulgarity meanwhile");
    await expect(first.getByLabel("Profanity / vulgarity")).toHaveValue(String(profanity));
    expect((await stored())?.value).toMatchObject({ insult, profanity });

    // Both saves are in the activity log, by whom and with the values set; the refused one is not.
    await first.goto("/admin/activity");
    const rows = first.getByRole("table", { name: "Activity" }).getByRole("row").filter({ hasText: "changed thresholds" });
    await expect(rows.first()).toContainText("admin@demo.local");
    await expect(rows.first()).toContainText(`to: profanity ${Math.round(profanity * 100)}%`);
    await expect(rows.nth(1)).toContainText(`to: insult ${Math.round(insult * 100)}%`);
  } finally {
    await Promise.all([first.close(), second.close()]);
    if (before) await query("UPDATE setting SET value = $1 WHERE key = 'moderation.thresholds'", [JSON.stringify(before.value)]);
    else await query("DELETE FROM setting WHERE key = 'moderation.thresholds'");
  }
});

test("thresholds saved twice at once (a double click) are saved once and say so", async ({ page }) => {
  const before: Stored = await stored();
  try {
    await signIn(page, "admin");
    await page.goto("/admin/settings");
    const logged = async () => (await query<{ n: number }>("SELECT count(*)::int AS n FROM activity_event WHERE action = 'changed thresholds'"))[0]!.n;
    const loggedBefore = await logged();
    await nudge(page, "Threat", "ArrowLeft");
    // Both submits leave before any answer, whatever the server's speed.
    await page.getByRole("button", { name: "Save thresholds" }).evaluate((button) => {
      const form = (button as HTMLButtonElement).form!;
      form.requestSubmit();
      form.requestSubmit();
    });
    await expect(outcome(page)).toContainText("Saved.");
    // Still so once every request has been answered: a second save would be refused as another admin's change.
    await page.waitForLoadState("networkidle");
    await expect(outcome(page)).toContainText("Saved.");
    expect(await logged()).toBe(loggedBefore + 1);
  } finally {
    if (before) await query("UPDATE setting SET value = $1 WHERE key = 'moderation.thresholds'", [JSON.stringify(before.value)]);
    else await query("DELETE FROM setting WHERE key = 'moderation.thresholds'");
  }
});
