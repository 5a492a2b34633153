import { afterEach, describe, expect, it } from "vitest";
import { readEnv } from "@/lib/env";
import { environmentProfile } from "@/lib/scoring/builtin";

const saved = process.env.SCORING_PROFILE;
afterEach(() => {
  if (saved === undefined) delete process.env.SCORING_PROFILE;
  else process.env.SCORING_PROFILE = saved;
});

describe("the environment", () => {
  it("reads numbers as numbers, with their defaults", () => {
    expect(readEnv({})).toMatchObject({ DB_POOL_SIZE: 10, DEMO_COMMENTS: 1500 });
    expect(readEnv({ DB_POOL_SIZE: "25", DEMO_COMMENTS: "0" })).toMatchObject({ DB_POOL_SIZE: 25, DEMO_COMMENTS: 0 });
  });

  it("refuses a number it cannot read, naming the variable", () => {
    expect(() => readEnv({ DB_POOL_SIZE: "ten" })).toThrow(/DB_POOL_SIZE: /);
    expect(() => readEnv({ DB_POOL_SIZE: "0" })).toThrow(/DB_POOL_SIZE: /);
    expect(() => readEnv({ DEMO_COMMENTS: "-5" })).toThrow(/DEMO_COMMENTS: /);
  });

  it("runs the scoring profile it names, and refuses one it does not know", () => {
    delete process.env.SCORING_PROFILE;
    expect(environmentProfile()).toBe("default");
    process.env.SCORING_PROFILE = "news";
    expect(environmentProfile()).toBe("news");
    process.env.SCORING_PROFILE = "nwes";
    expect(() => environmentProfile()).toThrow('SCORING_PROFILE is "nwes": use default or news');
  });
});
