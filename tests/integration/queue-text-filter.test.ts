import { describe, expect, it } from "vitest";
import { countQueue, decideBulk, listQueue, queueFilterSchema } from "@/lib/moderation";
import { createUser } from "@/lib/auth/users";
import { seedScored } from "../support/moderation-fixture";

describe("the queue's text filter", () => {
  it("finds comments containing the text, ignoring case, with % and _ taken literally, and bulk decisions follow it", async () => {
    await seedScored("spam-wave", [
      { id: "s1", body: "Cheap pills at WWW.PILLS-4-U.example now", incivility: 0.7 },
      { id: "s2", body: "Order today: www.pills-4-u.example", incivility: 0.65 },
      { id: "s3", body: "I disagree with the pills policy.", incivility: 0.62 },
      { id: "s4", body: "Prices up 100% since_2020, a disgrace", incivility: 0.8 },
    ]);
    const filter = (text: string) => queueFilterSchema.parse({ status: "flagged", text });
    expect(await countQueue(filter("pills-4-u.example"))).toBe(2);
    expect(await countQueue(filter("PILLS"))).toBe(3);
    expect(await countQueue(filter("100%"))).toBe(1);
    expect(await countQueue(filter("%"))).toBe(1);
    expect(await countQueue(filter("e_2"))).toBe(1);
    expect(await countQueue(filter("since 2020"))).toBe(0);
    const page = await listQueue({ ...filter("pills-4-u"), limit: 50 });
    expect(page.items.map((i) => i.body).sort()).toEqual(["Cheap pills at WWW.PILLS-4-U.example now", "Order today: www.pills-4-u.example"]);

    const moderator = (await createUser({ email: "spam@test.local", role: "moderator", password: "long-enough-pw" })).user;
    const result = await decideBulk({ action: "reject", reason: "spam", filter: filter("pills-4-u.example"), expectedCount: 2 }, { userId: moderator.id });
    expect(result.applied).toBe(2);
    expect(await countQueue(queueFilterSchema.parse({ status: "rejected" }))).toBe(2);
    expect(await countQueue(queueFilterSchema.parse({ status: "flagged" }))).toBe(2);
  });

  it("refuses an empty or overlong text", () => {
    expect(queueFilterSchema.safeParse({ text: "   " }).success).toBe(false);
    expect(queueFilterSchema.safeParse({ text: "x".repeat(201) }).success).toBe(false);
  });
});
