import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseTextPage } from "@/lib/ingest/text-page";
import { ImportRejection } from "@/lib/ingest/types";
import { SEEDS } from "../support/paths";

const fileDate = new Date("2026-01-15T12:00:00Z");

function parseSeed(prefix: string) {
  const name = fs.readdirSync(SEEDS).find((f) => f.startsWith(prefix))!;
  return parseTextPage(fs.readFileSync(path.join(SEEDS, name), "utf8"), { fileName: name, fileDate });
}

describe("saved Disqus page (seed 000)", () => {
  const page = parseSeed("000_");

  it("takes the headline as the thread title", () => {
    expect(page.threads).toHaveLength(1);
    expect(page.threads[0]!.title).toBe("Japan tests West’s boycott of Russia");
  });

  it("finds all 23 comments with their authors in page order", () => {
    expect(page.comments.map((c) => c.authorName)).toEqual([
      "Mr. Bernard Wijeyasingha", "Born_In_Borneo", "teddyfromcd", "teddyfromcd", "Mr. Bernard Wijeyasingha",
      "teddyfromcd", "Mr. Bernard Wijeyasingha", "Dominion", "China Lee", "philippinefailblog.com", "observer",
      "Mr. Bernard Wijeyasingha", "Mr. Bernard Wijeyasingha", "mulga mumblebrain", "mulga mumblebrain", "observer",
      "Mr. Bernard Wijeyasingha", "Mr. Bernard Wijeyasingha", "Northern Light", "James Jerome", "Fernando Martinez",
      "smukster", "George Silversurfer",
    ]);
  });

  it("keeps bodies exact, with paragraphs and an empty body where the page has none", () => {
    expect(page.comments[2]!.body).toBe("WORLD-CLASS commentary!");
    expect(page.comments[20]!.body).toBe("");
    expect(page.comments[8]!.body).toContain("1. China: $11.2 trillion\n2. Japan: $4.2 trillion");
    expect(page.comments[5]!.body.split("\n\n").length).toBeGreaterThan(1);
    // The article text before the comments is not a comment.
    expect(page.comments.some((c) => c.body.includes("Kremlin readout"))).toBe(false);
  });

  it("infers replies only where the text gives evidence", () => {
    const parentOf = (n: number) => page.comments[n - 1]!.parentSourceId?.split("#")[1] ?? null;
    expect(parentOf(11)).toBe("5"); // "@Bernard Wijeyasingha" + quotes his "Geography is one of…"
    expect(parentOf(13)).toBe("11"); // "BTW Observer"
    expect(parentOf(16)).toBe("13"); // names "Bernard Wijeyasingha"
    expect(parentOf(19)).toBe("2"); // "Thank you Born_In_Borneo"
    expect(parentOf(20)).toBe("8"); // "Dominion you hit the nail on the head"
    expect(parentOf(3)).toBeNull(); // "WORLD-CLASS commentary!" names nobody
    expect(parentOf(12)).toBeNull(); // "your comment" but no name
    expect(page.comments.filter((c) => c.parentInferred)).toHaveLength(5);
  });

  it("marks times as estimated and keeps page order", () => {
    const times = page.comments.map((c) => c.postedAt.getTime());
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(page.comments.every((c) => c.postedAtEstimated)).toBe(true);
    expect(Math.max(...times)).toBeLessThan(fileDate.getTime());
  });
});

describe("saved WordPress page (seed 003)", () => {
  const page = parseSeed("003_");

  it("imports the three comments shown although the header says four", () => {
    expect(page.comments).toHaveLength(3);
    expect(page.notes.join(" ")).toContain("announces 4 comments; the page shows 3");
  });

  it("uses the author line when present and 'Unknown' when the body starts on the numbered line", () => {
    expect(page.comments.map((c) => c.authorName)).toEqual(["A. James Gregor, Ph.D. & Professor", "Unknown", "Unknown"]);
    expect(page.comments[1]!.body.startsWith("Russia needs Japanese investment")).toBe(true);
    expect(page.comments[2]!.body).toMatch(/^Here’s an interesting Russian blog[^]*\n\nH\/t Tak 🙂$/u);
  });

  it("leaves the footer chrome and article numbered points out", () => {
    expect(page.comments.some((c) => c.body.includes("Leave a Reply"))).toBe(false);
    expect(page.comments.some((c) => c.body.includes("Asia Society analyst"))).toBe(false);
  });
});

describe("pages without comments", () => {
  it.each([
    ["001_", "What Japan-Russia Rapprochement Means for the World"],
    ["002_", "002_015e008f48361a52"],
    ["004_", "004_0ba696aa6ea71076"],
  ])("seed %s yields a thread with no comments", (prefix, title) => {
    const page = parseSeed(prefix);
    expect(page.comments).toHaveLength(0);
    expect(page.threads[0]!.title).toBe(title);
  });

  it("does not take an article's bulleted quotation for a Disqus comment (seed 004)", () => {
    expect(parseSeed("004_").comments).toHaveLength(0);
  });

  it("does not take a poll's numbered options for WordPress comments (seed 002)", () => {
    expect(parseSeed("002_").comments).toHaveLength(0);
  });
});

describe("rejections", () => {
  it("rejects an empty file", () => {
    expect(() => parseTextPage("  \n\n", { fileName: "empty.txt", fileDate })).toThrow(ImportRejection);
  });

  it("names the line of binary content", () => {
    try {
      parseTextPage("Title\nline two\nbad \u0000 byte", { fileName: "bin.txt", fileDate });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ImportRejection);
      expect((err as ImportRejection).line).toBe(3);
    }
  });
});
