import { describe, expect, it } from "vitest";
import { z } from "zod";
import { asOptions, cliMessage } from "@/lib/runtime/cli";

describe("command-line refusals", () => {
  it("name the option a value came from, not the schema's field", () => {
    const schema = z.object({ profiles: z.array(z.enum(["default", "news"])), exportRows: z.coerce.number() });
    let refused: unknown;
    try {
      asOptions(() => schema.parse({ profiles: ["nwes"], exportRows: "abc" }), { profiles: "profile", exportRows: "export-rows" });
    } catch (err) {
      refused = err;
    }
    expect(cliMessage(refused)).toMatch(/^--profile: .*; --export-rows: /);
  });
});
