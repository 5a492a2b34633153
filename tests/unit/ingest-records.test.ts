import path from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURES } from "../support/paths";
import { parseFile, rejection, tempWriter } from "./ingest-events";

const write = await tempWriter("cdk-records-");

describe("CSV in the import schema", () => {
  it("reads quoted commas, quotes and newlines, a BOM, optional columns and defaults", async () => {
    const file = await write(
      "comments.csv",
      "\uFEFFthread.key,thread.title,thread.url,sourceId,parentSourceId,author,postedAt,body,sourceStatus,kind,sentiment.score\n" +
        'a1,"Budget, explained",https://news.example/budget/,c1,,Ann Lee,2024-05-01T10:00:00Z,"She said ""no"", twice.\nNew line.",,,0.5\n' +
        "a1,,,c2,c1,,2024-05-01T11:30:00+02:00,Reply,spam,,\n",
    );
    const parsed = await parseFile(file);
    expect(parsed.format).toBe("csv");
    expect(parsed.threads).toMatchObject([
      { key: "a1", title: "Budget, explained", url: "https://news.example/budget/" },
      { key: "a1", title: "", url: null },
    ]);
    expect(parsed.comments.map((c) => [c.sourceCommentId, c.threadKey, c.parentSourceId, c.authorName, c.authorKey, c.postedAt.toISOString(), c.body, c.sourceStatus, c.kind, c.line])).toEqual([
      ["c1", "a1", null, "Ann Lee", "ann lee", "2024-05-01T10:00:00.000Z", 'She said "no", twice.\nNew line.', "visible", "comment", 2],
      ["c2", "a1", "c1", "Unknown", "", "2024-05-01T09:30:00.000Z", "Reply", "spam", "comment", 4],
    ]);
    // The export's score column is known and ignored silently.
    expect(parsed.notes).toEqual([]);
  });

  it("names rows by their source when the file has a thread.source column", async () => {
    const file = await write("sources.csv", "thread.source,thread.key,sourceId,postedAt,body,extra\nsite-a,t,1,2024-01-01T00:00:00Z,x,?\nsite-b,t,1,2024-01-01T00:00:00Z,y,?\n");
    const parsed = await parseFile(file);
    expect(parsed.comments.map((c) => [c.sourceKey, c.sourceCommentId, c.body])).toEqual([
      ["site-a", "1", "x"],
      ["site-b", "1", "y"],
    ]);
    expect(parsed.notes).toEqual(["columns not in the import schema were ignored: extra"]);
  });

  it("takes back the ' a CSV export puts before text a spreadsheet would read as a formula", async () => {
    const file = await write(
      "escaped.csv",
      "thread.key,sourceId,author,postedAt,body\n" +
        "t,1,'@handle,2024-01-01T00:00:00Z,\"'@Jane, agreed\"\n" +
        "t,2,Ann,2024-01-01T00:00:00Z,'+1\n" +
        "t,3,Bo,2024-01-01T00:00:00Z,'-- signed\n" +
        "t,4,Cy,2024-01-01T00:00:00Z,'tis the season\n",
    );
    const parsed = await parseFile(file);
    expect(parsed.comments.map((c) => [c.authorName, c.authorKey, c.body])).toEqual([
      ["@handle", "@handle", "@Jane, agreed"],
      ["Ann", "ann", "+1"],
      ["Bo", "bo", "-- signed"],
      // An apostrophe before anything else is the writer's own.
      ["Cy", "cy", "'tis the season"],
    ]);
  });

  it("refuses a source key with a comma, which report filters could never choose", async () => {
    expect(await rejection(await write("comma-source.csv", 'thread.source,thread.key,sourceId,postedAt,body\n"Harbour Times, print",t,1,2024-01-01T00:00:00Z,x\n'))).toEqual({
      line: 2,
      message: expect.stringMatching(/^thread\.source must not contain a comma/),
    });
  });

  it("rejects a missing column, a bad time, a bad status and a broken quote with their lines", async () => {
    expect(await rejection(await write("no-body.csv", "thread.key,sourceId,postedAt\nt,1,2024-01-01T00:00:00Z\n"))).toEqual({
      line: 1,
      message: expect.stringMatching(/^the header lacks the column body \(expected columns: thread\.key, /),
    });
    expect(await rejection(await write("bad-time.csv", "thread.key,sourceId,postedAt,body\nt,1,2024-01-01T00:00:00Z,ok\nt,2,01/02/2024 10:00,bad\n"))).toEqual({
      line: 3,
      message: 'postedAt "01/02/2024 10:00" is not an ISO 8601 time with a zone (e.g. 2024-05-01T10:00:00Z)',
    });
    expect(await rejection(await write("bad-status.csv", "thread.key,sourceId,postedAt,body,sourceStatus\nt,1,2024-01-01T00:00:00Z,x,hidden\n"))).toEqual({
      line: 2,
      message: "sourceStatus must be visible, deleted, spam or pending",
    });
    expect(await rejection(await write("no-thread.csv", "thread.key,sourceId,postedAt,body\n,1,2024-01-01T00:00:00Z,x\n"))).toEqual({
      line: 2,
      message: "thread.key needs thread.key or thread.url",
    });
    expect(await rejection(await write("quote.csv", 'thread.key,sourceId,postedAt,body\nt,1,2024-01-01T00:00:00Z,"never closed\nt,2,x,y\n'))).toEqual({
      line: 2,
      message: 'a quoted value in the row starting on this line is never closed (a missing ")',
    });
  });

  it("counts lines right in a Windows (CRLF) file with values over several lines", async () => {
    const header = "thread.key,sourceId,postedAt,body\r\n";
    const ok = (i: number) => `t,${i},2024-01-01T00:00:00Z,"first line\r\nsecond line\r\nthird"\r\n`;
    const rows = Array.from({ length: 3000 }, (_, i) => ok(i));
    const parsed = await parseFile(await write("crlf.csv", header + rows.slice(0, 2).join("")));
    expect(parsed.comments.map((c) => [c.line, c.body])).toEqual([
      [2, "first line\nsecond line\nthird"],
      [5, "first line\nsecond line\nthird"],
    ]);
    // Rows of three lines each: the bad one, after 3,000 of them, starts on line 9,002.
    expect(await rejection(await write("crlf-bad.csv", `${header}${rows.join("")}t,x,01/02/2024,bad\r\n`))).toEqual({
      line: 9002,
      message: expect.stringMatching(/^postedAt "01\/02\/2024" is not an ISO 8601 time/),
    });
    // A row with a value too many, spread over three lines, is named where it starts.
    expect(await rejection(await write("crlf-extra.csv", `${header}${rows.slice(0, 2).join("")}t,x,2024-01-01T00:00:00Z,"a\r\nb\r\nc",extra\r\n`))).toEqual({
      line: 8,
      message: "this row has a different number of values than the header has columns",
    });
    // An unclosed quote is found at the end of the file but named where its row starts.
    const plain = Array.from({ length: 50 }, (_, i) => `t,p${i},2024-01-01T00:00:00Z,plain\r\n`).join("");
    expect(await rejection(await write("crlf-open.csv", `${header}${rows.join("")}t,x,2024-01-01T00:00:00Z,"open\r\n${plain}`))).toEqual({
      line: 9002,
      message: 'a quoted value in the row starting on this line is never closed (a missing ")',
    });
    // Followed by quoted rows, the open quote ends at the next quote, which then looks stray: both are named.
    expect(await rejection(await write("crlf-stray.csv", `${header}${rows.join("")}t,x,2024-01-01T00:00:00Z,"open\r\n${rows.slice(0, 5).join("")}`))).toEqual({
      line: 9003,
      message: 'a quote inside a quoted value is not doubled (write "" for a literal quote), or a quoted value opened on line 9002 is never closed',
    });
  });
});

describe("CSV lines and encodings", () => {
  it("names the line of a bad row after blank lines", async () => {
    const head = "thread.key,sourceId,postedAt,body\nt,1,2024-01-01T00:00:00Z,ok\n\n\n\n";
    expect(await rejection(await write("blank-extra.csv", `${head}t,2,2024-01-01T00:00:00Z,x,extra\n`))).toEqual({
      line: 6,
      message: "this row has a different number of values than the header has columns",
    });
    expect((await rejection(await write("blank-open.csv", `${head}t,2,2024-01-01T00:00:00Z,"open\nt,3,x,y\n`))).line).toBe(6);
  });

  it("reads a CSV as UTF-8 whatever markup its values quote, and notes a file with only a header", async () => {
    const file = await write(
      "pasted.csv",
      'thread.key,sourceId,postedAt,body\nt,1,2024-01-01T00:00:00Z,"<meta http-equiv=Content-Type content=""text/html; charset=windows-1252"">"\nt,2,2024-01-01T00:00:00Z,Café “quoted” 😀 Привет\n',
    );
    expect((await parseFile(file)).byId.get("2")!.body).toBe("Café “quoted” 😀 Привет");
    const text = await write("mentions.txt", 'A headline\n\nSet <meta charset="utf-16"> in the head, said the tutorial.\n');
    expect((await parseFile(text)).format).toBe("text");
    const empty = await parseFile(await write("header-only.csv", "thread.key,sourceId,postedAt,body\n"));
    expect(empty.comments).toEqual([]);
    expect(empty.notes).toEqual(["the file has a header row and no rows under it"]);
  });

  it("names the line of an invalid byte after a character split across two reads", async () => {
    // Reads are 256 KB: a two-byte "é" straddles the boundary, and a bad byte comes a few lines after it.
    const boundary = 256 * 1024;
    const lines: string[] = ["thread.key,sourceId,postedAt,body"];
    let size = lines[0]!.length + 1;
    let n = 0;
    while (size < boundary - 200) {
      const line = `t,${++n},2024-01-01T00:00:00Z,plain text ${"x".repeat(40)}`;
      lines.push(line);
      size += line.length + 1;
    }
    const before = Buffer.from(`${lines.join("\n")}\n`);
    const prefix = `t,${++n},2024-01-01T00:00:00Z,`;
    const pad = Buffer.from(prefix + "y".repeat(boundary - 1 - before.length - prefix.length));
    const straddle = Buffer.concat([before, pad, Buffer.from("é\n")]);
    expect(straddle[boundary - 1]).toBe(0xc3); // the first byte of "é" ends the first read
    const bad = Buffer.concat([straddle, Buffer.from(`t,${n + 1},2024-01-01T00:00:00Z,fine\nt,${n + 2},2024-01-01T00:00:00Z,bad `), Buffer.from([0xff]), Buffer.from("\n")]);
    const badLine = bad.subarray(0, bad.indexOf(0xff)).toString("latin1").split("\n").length;
    expect(await rejection(await write("straddle.csv", bad))).toEqual({ line: badLine, message: "the file is not valid UTF-8 text (wrong encoding or a binary file)" });
  });
});

describe("ids and times in JSON lines", () => {
  it("takes whole-number ids and keys, refuses ones too large to read exactly, and refuses year 0", async () => {
    const line = (fields: Record<string, unknown>) => JSON.stringify({ "thread.key": "t", sourceId: "1", postedAt: "2024-01-01T00:00:00Z", body: "x", ...fields });
    const numeric = await parseFile(await write("numeric.jsonl", `${line({ "thread.key": 42, sourceId: 7, parentSourceId: 6, authorId: 3 })}\n`));
    expect(numeric.comments[0]).toMatchObject({ threadKey: "42", sourceCommentId: "7", parentSourceId: "6" });
    // JSON.parse has already rounded 12345678901234567890: two such ids would become one.
    expect(await rejection(await write("huge.jsonl", `${line({})}\n{"thread.key":"t","sourceId":12345678901234567890,"postedAt":"2024-01-01T00:00:00Z","body":"x"}\n`))).toEqual({
      line: 2,
      message: 'sourceId 12345678901234567000 is a number too large to read exactly: write it as a string ("...")',
    });
    expect(await rejection(await write("bool.jsonl", `${line({ sourceId: true })}\n`))).toEqual({ line: 1, message: "sourceId must be text or a whole number" });
    expect(await rejection(await write("missing.jsonl", `${line({ sourceId: "" })}\n`))).toEqual({ line: 1, message: "sourceId is required" });
    expect((await rejection(await write("year0.jsonl", `${line({ postedAt: "0000-01-01T00:00:00Z" })}\n`))).message).toMatch(/^postedAt "0000-01-01T00:00:00Z" is not an ISO 8601 time/);
    const early = await parseFile(await write("year99.jsonl", `${line({ postedAt: "0099-02-28T00:00:00Z" })}\n`));
    expect(early.comments[0]!.postedAt.getUTCFullYear()).toBe(99);
  });
});

describe("a large CSV", () => {
  it("is fed to the parser without piling up listeners (no MaxListenersExceededWarning)", async () => {
    const rows = Array.from({ length: 40_000 }, (_, i) => `t,${i},2024-01-01T00:00:00Z,comment number ${i} with a few words in it`);
    const file = await write("large.csv", `thread.key,sourceId,postedAt,body\n${rows.join("\n")}\n`);
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(`${w.name}: ${w.message}`);
    process.on("warning", onWarning);
    try {
      const parsed = await parseFile(file);
      expect(parsed.comments).toHaveLength(40_000);
      // Warnings are emitted on the next tick.
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off("warning", onWarning);
    }
    expect(warnings.filter((w) => w.startsWith("MaxListenersExceededWarning"))).toEqual([]);
  });
});

describe("JSON lines in the import schema", () => {
  it("reads the export's nested records and dotted names, skipping blank lines", async () => {
    const file = await write(
      "rows.jsonl",
      '{"thread":{"key":"t9","title":"Nine","url":"https://news.example/nine","source":"desk"},"sourceId":91,"author":"Bo","postedAt":"2024-02-02T08:00:00Z","body":"Hi \\\\ there 🙂","parentInferred":false,"sentiment":{"score":0.1,"label":"neutral"},"moderation":{"status":"none"}}\n' +
        "\n" +
        '{"thread.key":"t9","sourceId":"92","parentSourceId":"91","postedAt":"2024-02-02T09:00:00Z","body":"Re","kind":"pingback","authorId":"bo-7"}\n',
    );
    const parsed = await parseFile(file);
    expect(parsed.format).toBe("jsonl");
    expect(parsed.comments.map((c) => [c.sourceKey, c.sourceCommentId, c.parentSourceId, c.authorName, c.authorKey, c.body, c.kind, c.line])).toEqual([
      ["desk", "91", null, "Bo", "bo", "Hi \\ there 🙂", "comment", 1],
      [undefined, "92", "91", "Unknown", "bo-7", "Re", "pingback", 3],
    ]);
  });

  it("rejects a line that is not JSON, or not an object, with its number", async () => {
    expect(await rejection(await write("bad.jsonl", '{"thread.key":"t","sourceId":"1","postedAt":"2024-01-01T00:00:00Z","body":""}\n{"oops"\n'))).toMatchObject({
      line: 2,
      message: expect.stringMatching(/^this line is not valid JSON/),
    });
    expect(await rejection(await write("array.jsonl", "[1]\n"))).toEqual({ line: 1, message: "each line must be one JSON object" });
    expect(await rejection(await write("no-id.jsonl", '{"thread.key":"t","postedAt":"2024-01-01T00:00:00Z","body":""}\n'))).toEqual({ line: 1, message: "sourceId is required" });
  });
});

describe("Commento exports", () => {
  it("reads a reply listed before its parent, anonymous and named commenters (fixtures/commento)", async () => {
    const parsed = await parseFile(path.join(FIXTURES, "commento", "commento-export-v1-child-before-parent.json"));
    expect(parsed.format).toBe("commento");
    expect(parsed.threads).toMatchObject([
      { key: "localhost:1313/post/first-post/", title: "/post/first-post/", url: "https://localhost:1313/post/first-post/", sourceKey: "commento:localhost:1313" },
    ]);
    expect(parsed.comments.map((c) => [c.sourceCommentId.slice(0, 4), c.parentSourceId?.slice(0, 4) ?? null, c.authorName, c.authorKey.slice(0, 14), c.postedAt.toISOString(), c.sourceStatus, c.body, c.line])).toEqual([
      ["5a34", "7ed6", "Anonymous", "", "2020-01-27T14:08:44.061Z", "visible", "This is a reply!", 5],
      ["7ed6", null, "Anonymous", "", "2020-01-27T14:07:49.244Z", "visible", "This is a comment!", 19],
      ["a7c8", null, "John Doe", "commenter:4629", "2020-01-27T14:20:21.101Z", "visible", "This is a test comment, bar foo\n\n#Here is something big\n\n```\nhere code();\n```", 33],
    ]);
    expect(parsed.comments[2]!.authorEmail).toBe("john@doe.com");
  });

  it("reads remark42's Commento export: two pages of one domain", async () => {
    const parsed = await parseFile(path.join(FIXTURES, "remark42", "commento.json"));
    expect(parsed.threads.map((t) => t.key)).toEqual(["example.com/blog/post/2", "example.com/blog/post/1"]);
    expect(parsed.comments.map((c) => [c.threadKey, c.authorName, c.parentSourceId?.slice(0, 4) ?? null, c.postedAt.toISOString(), c.body])).toEqual([
      ["example.com/blog/post/2", "Anonymous", null, "2021-03-12T11:21:56.000Z", "Example comment created by user."],
      ["example.com/blog/post/1", "User5276", null, "2021-03-17T12:09:47.722Z", "Example 2 comment created by user."],
      ["example.com/blog/post/1", "Saturnin Uf", "7d77", "2021-05-11T15:43:01.852Z", "Great reply!"],
    ]);
  });
});

describe("isso's JSON import format (fixtures/isso/generic.json)", () => {
  it("decodes form-encoded titles and keys comments by thread, as their ids restart at 0", async () => {
    const parsed = await parseFile(path.join(FIXTURES, "isso", "generic.json"));
    expect(parsed.format).toBe("isso");
    expect(parsed.threads.map((t) => [t.key, t.title])).toEqual([
      ["/posts/0001/", "Test post"],
      ["/posts/0007/", "Nat & Miguel"],
    ]);
    expect(parsed.comments.map((c) => [c.sourceCommentId, c.authorName, c.authorEmail, c.authorIp, c.postedAt.toISOString(), c.body])).toEqual([
      ["/posts/0001/#0", "texas holdem", null, "0.0.0.0", "2005-02-24T04:03:37.000Z", "Great men can't be ruled. by free online poker"],
      ["/posts/0007/#0", "Richard Crinshaw", "105421439@87750645.com", "0.0.0.0", "2005-05-08T06:50:26.000Z", "Ja-make-a me crazzy mon :)"],
    ]);
    expect(parsed.notes).toEqual(["isso times carry no time zone: read as UTC"]);
  });

  it("names a bad comment by its id and its own line, not its thread's", async () => {
    const doc = JSON.stringify(
      [
        { id: "/a", title: "A", comments: [{ id: 1, created: "2020-01-01 10:00:00", text: "fine" }, { id: 2, created: "yesterday", text: "when?" }] },
      ],
      null,
      2,
    );
    const file = await write("bad-time.json", doc);
    const line = doc.slice(0, doc.indexOf('"id": 2')).split("\n").length;
    expect(line).toBeGreaterThan(3);
    expect(await rejection(file)).toEqual({ line, message: 'comment 2 of thread /a: "yesterday" is not a date' });
  });

  it("finds a comment by its id key, not by its id's digits in an earlier date, and gives each comment its own line", async () => {
    const comments = [
      { id: 1, created: "2020-01-02 10:00:00", text: "fine" },
      { id: 2, text: "no time" },
    ];
    const doc = JSON.stringify([{ id: "/a", title: "A", comments }], null, 2);
    const idLine = (n: number) => doc.slice(0, doc.indexOf(`"id": ${n}`)).split("\n").length;
    expect(await rejection(await write("no-time.json", doc))).toEqual({ line: idLine(2), message: "comment 2 of thread /a: created Invalid input: expected string, received undefined" });
    const fine = doc.replace('"text": "no time"', '"text": "no time",\n        "created": "2020-01-03 10:00:00"');
    expect((await parseFile(await write("fine.json", fine))).comments.map((c) => c.line)).toEqual([idLine(1), idLine(2)]);
  });
});

describe("a CSV export read back", () => {
  it("gives every text as it was, whatever apostrophes and formula characters it starts with", async () => {
    const { stringify } = await import("csv-stringify/sync");
    const { parse } = await import("csv-parse/sync");
    const { protectApostrophes, unescapeFormula } = await import("@/lib/csv-formulas");
    const texts = ["@Jane, agreed", "+1", "-- signed", "=HYPERLINK(\"x\")", "'@Jane", "''+1", "'tis the season", "plain", "\tindented"];
    // As the export writes cells, and as the importer reads them.
    const csv = stringify(texts.map((t) => [t]), { cast: { string: protectApostrophes }, escape_formulas: true });
    const cells = (parse(csv) as string[][]).map(([cell]) => cell!);
    // Nothing a spreadsheet would run as a formula.
    expect(cells.filter((c) => /^[=+\-@\t]/.test(c))).toEqual([]);
    expect(cells.map(unescapeFormula)).toEqual(texts);
  });
});
