import { describe, expect, it } from "vitest";
import { sessionIdOf } from "@/lib/auth/ended-sessions";

describe("the id a session is ended under", () => {
  it("is the session's own, or for a session signed in before sessions had one, its user and sign-in time", () => {
    expect(sessionIdOf({ sid: "2b1c", uid: 3, signedInAt: 1_700_000_000_000 })).toBe("2b1c");
    expect(sessionIdOf({ uid: 3, signedInAt: 1_700_000_000_000 })).toBe("signed-in:3:1700000000000");
    expect(sessionIdOf({ uid: 3 })).toBeNull();
  });
});
