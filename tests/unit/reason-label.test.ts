import { describe, expect, it } from "vitest";
import { reasonLabel } from "@/app/(dashboard)/_lib/reason-label";

describe("flag reasons as the pages print them", () => {
  it("gives a threshold fraction in percent and leaves every other reason alone", () => {
    expect(reasonLabel("insult ≥ 0.7")).toBe("insult ≥ 70%");
    expect(reasonLabel("identity attack ≥ 0.05")).toBe("identity attack ≥ 5%");
    expect(reasonLabel("shouting ≥ 1")).toBe("shouting ≥ 100%");
    expect(reasonLabel("over threshold")).toBe("over threshold");
    expect(reasonLabel("suspect term: idiot")).toBe("suspect term: idiot");
    expect(reasonLabel("x ≥ 7")).toBe("x ≥ 7");
    expect(reasonLabel("insult ≥ 70%")).toBe("insult ≥ 70%");
  });
});
