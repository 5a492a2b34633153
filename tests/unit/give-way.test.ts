import { describe, expect, it } from "vitest";
import { isLockConflict, retryWhenGivingWay } from "@/lib/scoring/give-way";

const conflict = (code: string) => Object.assign(new Error(`postgres ${code}`), { code });

describe("a rescore batch giving way to other writers", () => {
  it("counts a lock wait given up and a broken deadlock as giving way, nothing else", () => {
    expect(isLockConflict(conflict("55P03"))).toBe(true);
    expect(isLockConflict(conflict("40P01"))).toBe(true);
    expect(isLockConflict(conflict("23505"))).toBe(false);
    expect(isLockConflict(new Error("plain"))).toBe(false);
    expect(isLockConflict(null)).toBe(false);
  });

  it("runs the batch again after giving way, and returns what the run that went through returns", async () => {
    let runs = 0;
    const result = await retryWhenGivingWay(async () => {
      runs += 1;
      if (runs < 3) throw conflict(runs === 1 ? "55P03" : "40P01");
      return "stored";
    });
    expect(result).toBe("stored");
    expect(runs).toBe(3);
  });

  it("throws any other error at once", async () => {
    let runs = 0;
    await expect(
      retryWhenGivingWay(async () => {
        runs += 1;
        throw conflict("23505");
      }),
    ).rejects.toMatchObject({ code: "23505" });
    expect(runs).toBe(1);
  });

  it("throws the conflict once the next pause would pass its deadline", async () => {
    let runs = 0;
    await expect(
      retryWhenGivingWay(
        async () => {
          runs += 1;
          throw conflict("55P03");
        },
        { waitUntil: Date.now() + 250 },
      ),
    ).rejects.toMatchObject({ code: "55P03" });
    // Pauses of 100 ms, then 200 ms would end past the deadline.
    expect(runs).toBe(2);
  });

  it("counts how long it has given way from the first time, not from the start of a long first try", async () => {
    let runs = 0;
    const result = await retryWhenGivingWay(
      async () => {
        runs += 1;
        if (runs === 1) {
          await new Promise((resolve) => setTimeout(resolve, 300));
          throw conflict("55P03");
        }
        return "stored";
      },
      { giveWayForMs: 250 },
    );
    expect(result).toBe("stored");
    expect(runs).toBe(2);
  });

  it("stops after the pause when its signal was aborted meanwhile", async () => {
    const controller = new AbortController();
    const running = retryWhenGivingWay(
      async () => {
        controller.abort(new Error("cancelled"));
        throw conflict("55P03");
      },
      { signal: controller.signal },
    );
    await expect(running).rejects.toThrow("cancelled");
  });
});
