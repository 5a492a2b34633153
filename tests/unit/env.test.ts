import { afterEach, describe, expect, it } from "vitest";
import { isDemo, readEnv } from "@/lib/env";
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

describe("demo mode", () => {
  it("is on with the embedded database outside production, and off on a database of the newsroom's own unless asked for", () => {
    expect(isDemo(readEnv({}))).toBe(true);
    expect(isDemo(readEnv({ NODE_ENV: "production" }))).toBe(false);
    // The demo accounts' passwords are published: a DATABASE_URL gets none unless DEMO=1 says so.
    expect(isDemo(readEnv({ DATABASE_URL: "postgresql://app@db.example/newsroom" }))).toBe(false);
    expect(isDemo(readEnv({ DATABASE_URL: "postgresql://app@db.example/newsroom", DEMO: "1" }))).toBe(true);
    expect(isDemo(readEnv({ DEMO: "0" }))).toBe(false);
  });
});

describe("the Insights cache's lifetime", () => {
  it("is refused at start when unreadable, and a server started otherwise falls back to the default", async () => {
    expect(() => readEnv({ INSIGHTS_CACHE_SECONDS: "abc" })).toThrow(/INSIGHTS_CACHE_SECONDS: /);
    expect(() => readEnv({ INSIGHTS_CACHE_SECONDS: "7200" })).toThrow(/INSIGHTS_CACHE_SECONDS: /);
    const { cacheSeconds } = await import("@/lib/analytics/cache");
    expect(cacheSeconds({ INSIGHTS_CACHE_SECONDS: "30" })).toBe(30);
    expect(cacheSeconds({ INSIGHTS_CACHE_SECONDS: "abc" })).toBe(10);
    expect(cacheSeconds({})).toBe(10);
  });
});
