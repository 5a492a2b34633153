import { spawn } from "node:child_process";
import { expect, test } from "@playwright/test";
import { query, signIn } from "./helpers";
import { E2E } from "./env";

/** A worker for the rescore queue (rescore and rules runs) on the e2e database: the server runs none. */
const rescoreWorker = () =>
  spawn(process.execPath, ["--import", "tsx", "scripts/worker.ts", "--queues", "rescore"], {
    env: { ...process.env, DATABASE_URL: E2E.databaseUrl },
    stdio: "ignore",
  });

test("an admin starts a background rescore and watches a worker finish it", async ({ page }) => {
  await signIn(page, "admin");
  await page.goto("/admin/settings");
  await page.getByRole("button", { name: "Rescore all comments in the background" }).click();
  await expect(page.getByRole("progressbar", { name: "Rescore progress" })).toBeVisible();

  const worker = rescoreWorker();
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

test("an admin applies the rules to stored comments: a comment rejected for a term taken off the list comes back", async ({ page }) => {
  // A stored comment the rules rejected for a banned term, as an import leaves it.
  const [target] = await query<{ id: number; mod_version: number }>(
    "SELECT id, mod_version FROM comment WHERE kind = 'comment' AND mod_status = 'none' AND body NOT ILIKE '%http%' ORDER BY id LIMIT 1",
  );
  await query(
    `WITH c AS (
       UPDATE comment SET mod_status = 'rejected', mod_version = mod_version + 1, flag_reasons = '{"banned term: e2e-gone"}', decided_at = now()
       WHERE id = $1 RETURNING id
     )
     INSERT INTO decision (comment_id, action, reason, previous_status, new_status, previous_version, via)
     SELECT id, 'reject', 'banned term', 'none', 'rejected', $2, 'system' FROM c`,
    [target!.id, target!.mod_version],
  );
  await signIn(page, "admin");
  await page.goto("/admin/settings");
  await page.getByRole("button", { name: "Apply the rules to stored comments" }).click();
  await expect(page.getByRole("progressbar", { name: "Applying the rules progress" })).toBeVisible();
  const worker = rescoreWorker();
  try {
    await expect(page.getByText(/— done/)).toBeVisible({ timeout: 60_000 });
    const [after] = await query<{ mod_status: string }>("SELECT mod_status FROM comment WHERE id = $1", [target!.id]);
    expect(after!.mod_status).not.toBe("rejected");
    const [logged] = await query<{ action: string; reason: string }>(
      "SELECT action, reason FROM decision WHERE comment_id = $1 ORDER BY id DESC LIMIT 1",
      [target!.id],
    );
    expect(logged).toMatchObject({ action: expect.stringMatching(/^(restore|flag)$/) });
  } finally {
    worker.kill("SIGTERM");
  }
});
