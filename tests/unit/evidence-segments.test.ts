import { describe, expect, it } from "vitest";
import { evidenceSegments } from "@/app/(dashboard)/queue/_components/evidence-segments";
import { builtinEngine } from "@/lib/scoring/builtin";
import type { EvidenceSpan } from "@/lib/scoring/types";

const span = (start: number, end: number, attribute: EvidenceSpan["attribute"]): EvidenceSpan => ({ start, end, attribute, weight: 0.9 });
/** Each segment as [its text, its attribute or "" for plain text]. */
const cut = (text: string, spans: EvidenceSpan[]) => evidenceSegments(text, spans).map((s) => [text.slice(s.start, s.end), s.span?.attribute ?? ""]);

describe("evidence highlighting", () => {
  it("keeps a threat and an insult inside a run of capitals marked as themselves", () => {
    const text = "YOU IDIOT, I WILL KILL YOU";
    const spans = [span(0, 26, "shouting"), span(4, 9, "insult"), span(11, 26, "threat")];
    expect(cut(text, spans)).toEqual([
      ["YOU ", "shouting"],
      ["IDIOT", "insult"],
      [", ", "shouting"],
      ["I WILL KILL YOU", "threat"],
    ]);
  });

  it("clips overlapping word evidence and leaves the text whole", () => {
    const text = "what a stupid idiot move";
    const segments = cut(text, [span(7, 19, "insult"), span(14, 24, "hostility"), span(0, 4, "sentiment")]);
    expect(segments).toEqual([
      ["what a ", ""],
      ["stupid idiot", "insult"],
      [" move", "hostility"],
    ]);
    expect(segments.map(([t]) => t).join("")).toBe(text);
  });

  it("drops spans outside the text", () => {
    expect(cut("short", [span(3, 40, "insult")])).toEqual([["short", ""]]);
  });

  it("shows the scorer's threat in a shouted comment", () => {
    const text = "YOU ARE A STUPID IDIOT AND I WILL KILL YOU";
    const attributes = new Set(cut(text, builtinEngine("default").score(text).spans).map(([, a]) => a));
    expect(attributes).toContain("threat");
    expect(attributes).toContain("insult");
  });
});
