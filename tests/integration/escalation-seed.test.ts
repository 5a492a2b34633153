import { describe, expect, it } from "vitest";
import { importFiles } from "@/lib/ingest";
import { threadsNeedingAttention } from "@/lib/moderation";
import { SEEDS } from "../support/paths";

describe("escalation on the saved Disqus page", () => {
  it("finds the back-and-forth between observer and Bernard Wijeyasingha", async () => {
    await importFiles([SEEDS]);
    const attention = await threadsNeedingAttention();
    const thread = attention.find((t) => t.title === "Japan tests West’s boycott of Russia");
    expect(thread?.signals.find((s) => s.kind === "duel")?.reason).toMatch(/observer and Mr\. Bernard Wijeyasingha|Mr\. Bernard Wijeyasingha and observer/);
    // The calm WordPress page is not on the list.
    expect(attention.map((t) => t.title)).not.toContain("Japan seeks better ties with Russia");
  });
});
