import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { openTextInput } from "@/lib/ingest/read-file";
import { ImportRejection } from "@/lib/ingest/types";
import { rejection, tempWriter } from "./ingest-events";

const write = await tempWriter("cdk-read-file-");

/** Whether this process still holds `file` open (Linux: /proc/self/fd). */
function isOpen(file: string): boolean {
  return fs.readdirSync("/proc/self/fd").some((fd) => {
    try {
      return fs.readlinkSync(`/proc/self/fd/${fd}`) === file;
    } catch {
      return false; // closed while listing
    }
  });
}

/** Waits up to a second for the file to be closed (a stream closes its descriptor asynchronously). */
async function closedSoon(file: string): Promise<boolean> {
  for (let i = 0; i < 50 && isOpen(file); i++) await new Promise((resolve) => setTimeout(resolve, 20));
  return !isOpen(file);
}

describe("opening a file for import", () => {
  it.skipIf(!fs.existsSync("/proc/self/fd")).each([
    ["invalid UTF-8", "bad-utf8.txt", Buffer.concat([Buffer.from("Title\n"), Buffer.from([0xff]), Buffer.alloc(300 * 1024, "a")])],
    ["a NUL byte", "nul.txt", Buffer.concat([Buffer.from("Title\n\0"), Buffer.alloc(300 * 1024, "a")])],
    ["an unsupported encoding", "klingon.xml", Buffer.from(`<?xml version="1.0" encoding="x-klingon"?>\n<rss>${"a".repeat(300 * 1024)}</rss>`)],
    ["a broken gzip header", "broken.csv.gz", Buffer.concat([Buffer.from([0x1f, 0x8b, 0x00, 0xff]), Buffer.alloc(4 * 1024 * 1024, 7)])],
  ])("closes the file when its start is refused (%s)", async (_, name, bytes) => {
    const file = await write(name, bytes);
    await expect(openTextInput(file)).rejects.toBeInstanceOf(ImportRejection);
    expect(await closedSoon(file)).toBe(true);
  });

  it("names the line of a character cut short where one 256 KB read ends", async () => {
    const boundary = 256 * 1024;
    const lines = `Title\n${`${"a".repeat(99)}\n`.repeat(2000)}`;
    const pad = "b".repeat(boundary - 2 - lines.length);
    // The first two bytes of a three-byte character end the first read; the next read starts with "A".
    const bytes = Buffer.concat([Buffer.from(lines + pad), Buffer.from([0xe2, 0x82]), Buffer.from(`A\n${"c\n".repeat(100)}`)]);
    expect(bytes[boundary - 2]).toBe(0xe2);
    expect(await rejection(await write("cut.txt", bytes))).toEqual({ line: 2002, message: "the file is not valid UTF-8 text (wrong encoding or a binary file)" });
  });

});
