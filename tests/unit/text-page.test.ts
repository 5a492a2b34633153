import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseTextPage } from "@/lib/ingest/text-page";
import { ImportRejection } from "@/lib/ingest/types";
import { contentHash } from "@/lib/ingest/stage";
import { rejection, tempWriter } from "./ingest-events";
import { SEEDS } from "../support/paths";
import { appearanceOrder, seedFile, seedHeadline, seedLine } from "../support/seed-text";

const fileDate = new Date("2026-01-15T12:00:00Z");
const write = await tempWriter("cdk-text-page-");

function parseSeed(prefix: string) {
  const name = fs.readdirSync(SEEDS).find((f) => f.startsWith(prefix))!;
  return parseTextPage(fs.readFileSync(path.join(SEEDS, name), "utf8"), { fileName: name, fileDate });
}

describe("saved Disqus page (seed 000)", () => {
  const page = parseSeed("000_");

  it("takes the headline as the thread title", () => {
    expect(page.threads).toHaveLength(1);
    expect(page.threads[0]!.title).toBe(seedHeadline("000_"));
  });

  it("finds all 23 comments with their authors in page order", () => {
    const authors = page.comments.map((c) => c.authorName);
    // 13 people; the first (comment 1) wrote seven comments.
    expect(appearanceOrder(authors)).toEqual([0, 1, 2, 2, 0, 2, 0, 3, 4, 5, 6, 0, 0, 7, 7, 6, 0, 0, 8, 9, 10, 11, 12]);
    // Every name is exactly a bulleted line of the page ("  • name").
    const lines = new Set(seedFile("000_").lines.map((l) => l.replace(/^\s*•\s+/, "").trim()));
    expect(authors.filter((a) => !lines.has(a))).toEqual([]);
  });

  it("keeps bodies exact, with paragraphs and an empty body where the page has none", () => {
    expect(page.comments[2]!.body).toBe(seedLine("000_", 81));
    expect(page.comments[20]!.body).toBe("");
    expect(page.comments[8]!.body).toContain(`${seedLine("000_", 117)}\n${seedLine("000_", 118)}`);
    expect(page.comments[5]!.body.split("\n\n").length).toBeGreaterThan(1);
    // The article text before the comments is not a comment.
    expect(page.comments.some((c) => c.body.includes(seedLine("000_", 9)))).toBe(false);
  });

  it("infers replies only where the text gives evidence", () => {
    const parentOf = (n: number) => page.comments[n - 1]!.parentSourceId?.split("#")[1] ?? null;
    expect(parentOf(11)).toBe("5"); // @-names the author of 5 and quotes comment 5
    expect(parentOf(13)).toBe("11"); // names the author of 11
    expect(parentOf(16)).toBe("13"); // names the author of 13
    expect(parentOf(19)).toBe("2"); // thanks the author of 2 by name
    expect(parentOf(20)).toBe("8"); // opens with the name of the author of 8
    expect(parentOf(3)).toBeNull(); // names nobody
    expect(parentOf(12)).toBeNull(); // says "your comment" but names nobody
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
    expect(page.comments.map((c) => c.authorName)).toEqual([seedLine("003_", 32, { dropMarker: true }), "Unknown", "Unknown"]);
    expect(page.comments[1]!.body.startsWith(seedLine("003_", 37, { dropMarker: true }))).toBe(true);
    const last = page.comments[2]!.body;
    expect(last.startsWith(seedLine("003_", 40, { dropMarker: true }))).toBe(true);
    expect(last.endsWith(`\n\n${seedLine("003_", 42)}`)).toBe(true);
  });

  it("leaves the footer chrome and article numbered points out", () => {
    expect(page.comments.some((c) => c.body.includes(seedLine("003_", 45)))).toBe(false);
    expect(page.comments.some((c) => c.body.includes(seedLine("003_", 13, { dropMarker: true })))).toBe(false);
  });

  it("gives each comment the line of its numbered item", () => {
    expect(page.comments.map((c) => c.line)).toEqual([32, 37, 40]);
  });

  it("does not take a comment body that reads like a header for the comment section's start", () => {
    // Comment 1's body (line 34, indented) now starts like a comment-count header.
    const { name, lines } = seedFile("003_");
    const edited = lines.map((l, i) => (i === 33 ? `    Two comments on this. ${l.trim()}` : l)).join("\n");
    const reread = parseTextPage(edited, { fileName: name, fileDate });
    expect(reread.comments.map((c) => c.authorName)).toEqual(page.comments.map((c) => c.authorName));
    expect(reread.comments[0]!.body.startsWith("Two comments on this.")).toBe(true);
    expect(reread.notes).not.toContain("no comment section on this page");
  });

  it("takes a header whose title wraps, or pagination links, before item 1", () => {
    const { name, lines } = seedFile("003_");
    const header = lines.findIndex((l) => /^\s*\S+\s+(responses?|comments?|thoughts?)\b/i.test(l) && indentOf(l) < 4);
    expect(header).toBeGreaterThan(0);
    const edited = [...lines.slice(0, header + 1), "continued title line", "« Older Comments", ...lines.slice(header + 1)].join("\n");
    const reread = parseTextPage(edited, { fileName: name, fileDate });
    expect(reread.comments.map((c) => c.authorName)).toEqual(page.comments.map((c) => c.authorName));
  });
});

const indentOf = (line: string) => line.length - line.trimStart().length;

describe("times of saved pages on re-import", () => {
  it("leave a comment's content hash alone when only the file's date moved", () => {
    const name = seedFile("000_").name;
    const text = seedFile("000_").text;
    const hashes = (date: Date) => parseTextPage(text, { fileName: name, fileDate: date }).comments.map(contentHash);
    expect(hashes(new Date("2026-03-01T00:00:00Z"))).toEqual(hashes(fileDate));
  });

  it("still tell a real time that changed", () => {
    const comment = parseSeed("003_").comments[0]!;
    const real = { ...comment, postedAtEstimated: false };
    expect(contentHash({ ...real, postedAt: new Date("2020-01-01T00:00:00Z") })).not.toBe(contentHash({ ...real, postedAt: new Date("2020-01-02T00:00:00Z") }));
    // An estimate giving way to a real time is a change too.
    expect(contentHash(real)).not.toBe(contentHash(comment));
  });
});

describe("pages without comments", () => {
  // 001 has a headline; 002 and 004 have none, so the file name stands in.
  it.each([
    ["001_", () => seedHeadline("001_")],
    ["002_", () => seedFile("002_").stem],
    ["004_", () => seedFile("004_").stem],
  ])("seed %s yields a thread with no comments", (prefix, title) => {
    const page = parseSeed(prefix);
    expect(page.comments).toHaveLength(0);
    expect(page.threads[0]!.title).toBe(title());
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

  it("names the line a comment starts on, not its number", async () => {
    const paragraph = `    ${"w".repeat(600_000)}\n`;
    const file = await write("long.txt", `Title\n\nArticle.\n\n  • Ann\n    hi\n\n  • Bob\n${paragraph}${paragraph}`);
    expect(await rejection(file)).toEqual({ line: 8, message: "comment page:title#2: the text is 1,200,001 characters long; the importer takes at most 1,000,000" });
  });
});
