import { pool } from "@/lib/db";

const TIMED_OUT = "timed out after 2 s";

/** Whether the database answers within two seconds, and how fast. */
export async function checkDatabase(): Promise<{ ok: boolean; latencyMs?: number; error?: string }> {
  const started = performance.now();
  try {
    await Promise.race([
      pool.query("SELECT 1"),
      new Promise((_, reject) => setTimeout(() => reject(new Error(TIMED_OUT)), 2000).unref()),
    ]);
    return { ok: true, latencyMs: Math.round(performance.now() - started) };
  } catch (err) {
    // Anyone may ask: the driver's message (hosts, users) goes to the log, not the answer.
    const timedOut = err instanceof Error && err.message === TIMED_OUT;
    if (!timedOut) console.error("[health] database check failed:", err instanceof Error ? err.message : err);
    return { ok: false, error: timedOut ? TIMED_OUT : "unreachable" };
  }
}
