import { spawn } from "node:child_process";
import { expect, test } from "@playwright/test";
import { query, signIn } from "./helpers";
import { E2E } from "./env";

test("an admin starts a background rescore and watches a worker finish it", async ({ page }) => {
  await signIn(page, "admin");
  await page.goto("/admin/settings");
  await page.getByRole("button", { name: "Rescore all comments in the background" }).click();
  await expect(page.getByRole("progressbar", { name: "Rescore progress" })).toBeVisible();

  const worker = spawn(process.execPath, ["--import", "tsx", "scripts/worker.ts", "--queues", "rescore"], {
    env: { ...process.env, DATABASE_URL: E2E.databaseUrl },
    stdio: "ignore",
  });
  try {
    await expect(page.getByText(/— done/)).toBeVisible({ timeout: 60_000 });
    const [progress] = await query<{ total: number; done: number }>(
      "SELECT total, done FROM job_progress WHERE kind = 'rescore' ORDER BY started_at DESC LIMIT 1",
    );
    const [count] = await query<{ n: number }>("SELECT count(*)::int AS n FROM comment");
    expect(progress).toEqual({ total: count!.n, done: count!.n });
  } finally {
    worker.kill("SIGTERM");
  }
});
