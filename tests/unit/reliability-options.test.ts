import { describe, expect, it } from "vitest";
import { z } from "zod";
import { parseOptions } from "../reliability/options";

const schema = z.object({
  quick: z.boolean().default(false),
  seed: z.coerce.number().int().min(0).optional(),
  rounds: z.coerce.number().int().min(1).default(5),
});
const parse = (argv: string[]) => parseOptions(schema, argv, ["quick"]);

describe("reliability runner options", () => {
  it("reads the options the schema names, with its defaults", () => {
    expect(parse([])).toEqual({ quick: false, rounds: 5 });
    expect(parse(["--quick", "--seed", "42", "--rounds=2"])).toEqual({ quick: true, seed: 42, rounds: 2 });
  });

  it("refuses a mistyped option instead of running with the default, naming the ones it takes", () => {
    expect(() => parse(["--seeds", "42"])).toThrow("unknown option --seeds (this command takes --quick, --rounds, --seed)");
    expect(() => parse(["--quick", "42"])).toThrow("unexpected argument 42 (options are given as --name value)");
    expect(() => parse(["--seed", "many"])).toThrow(/seed/);
  });
});
