import { describe, expect, it } from "vitest";
import { canonicalUrl } from "@/lib/ingest/writer";
import { can } from "@/lib/auth/roles";
import { cliMessage, parseArgs } from "@/lib/runtime/cli";
import { pgConfigFromUrl } from "@/lib/db-url";
import { preparedStatement } from "@/lib/db-prepared";
import { describeFilterProblems, invalidValueMessage } from "@/lib/errors";
import { decodeCursor, encodeCursor } from "@/lib/moderation/queue-filter";
import { z } from "zod";
import { isCalendarDate } from "@/lib/calendar-date";
import { shorten } from "@/app/(dashboard)/_lib/shorten";
import { sameSitePath } from "@/app/(auth)/login/same-site";
import { addressKey, clientAddress } from "@/lib/auth/client-address";
import { signedInRecently } from "@/lib/auth/session-age";
import { auditQuerySchema } from "@/lib/moderation/audit";
import { queueFilterSchema } from "@/lib/moderation/queue-filter";
import { decisionSchema } from "@/lib/moderation/decide";
import { bulkRequestSchema } from "@/lib/moderation/bulk";
import { jsonBody, MAX_JSON_BYTES } from "@/lib/http";

describe("canonicalUrl", () => {
  it("matches the same article across origins, slashes and tracking parameters", () => {
    expect(canonicalUrl("https://a.example/news/x/?utm_source=tw&utm_medium=s")).toBe("/news/x");
    expect(canonicalUrl("http://b.example/news/x")).toBe("/news/x");
    expect(canonicalUrl("https://a.example/story?id=5&fbclid=1")).toBe("/story?id=5");
    expect(canonicalUrl("not a url")).toBeNull();
  });
});

describe("roles", () => {
  it("gives each role its capabilities and refuses unknown roles", () => {
    expect(can("moderator", "moderate")).toBe(true);
    expect(can("staff", "moderate")).toBe(false);
    expect(can("editor", "viewInsights")).toBe(true);
    expect(can("moderator", "viewInsights")).toBe(false);
    expect(can("staff", "export")).toBe(true);
    expect(can("editor", "administer")).toBe(false);
    expect(can("root", "signedIn")).toBe(false);
    expect(can(undefined, "signedIn")).toBe(false);
  });
});

describe("parseArgs", () => {
  it("reads flags, switches and positionals", () => {
    expect(parseArgs(["--json", "--format", "text", "a.txt", "--x=1", "b"], ["json"])).toEqual({
      flags: { json: true, format: "text", x: "1" },
      positionals: ["a.txt", "b"],
    });
    expect(() => parseArgs(["--format"])).toThrow(/needs a value/);
  });

  it("refuses options a command does not take, and options given twice, naming them", () => {
    const parse = (argv: string[]) => parseArgs(argv, ["json", "background"], ["format", "source"]);
    // A mistyped --sources would import under the default source; an unknown switch would take the next file as its value.
    expect(() => parse(["--sources", "wordpress:example.com", "x.xml"])).toThrow("unknown option --sources (this command takes --background, --format, --json, --source)");
    expect(() => parse(["--dry-run", "a.xml", "b.xml"])).toThrow(/unknown option --dry-run/);
    expect(() => parse(["--source", "a", "--source=b"])).toThrow("--source is given twice");
    expect(() => parseArgs(["--wait"], [], [])).toThrow("unknown option --wait (this command takes none)");
    // Switches take =true / =false.
    expect(parse(["--json=false", "x"]).flags).toEqual({});
    expect(parse(["--json=true", "x"]).flags).toEqual({ json: true });
    expect(() => parse(["--json=maybe"])).toThrow(/is a switch/);
  });

  it("turns refused options into one line", () => {
    const refused = z.object({ role: z.enum(["admin", "staff"]) }).safeParse({ role: "boss" });
    expect(cliMessage(refused.error)).toMatch(/^role: Invalid option: expected one of "admin"\|"staff"$/);
  });
});

describe("pgConfigFromUrl", () => {
  it("splits a URL into discrete fields", () => {
    expect(pgConfigFromUrl("postgresql://u:p%40ss@db.example:6543/news?sslmode=require")).toMatchObject({
      host: "db.example", port: 6543, user: "u", password: "p@ss", database: "news",
    });
  });

  it("maps sslmode as libpq does: verify-ca checks the certificate, not the host name", () => {
    const ssl = (mode: string) => pgConfigFromUrl(`postgresql://u@db.example/news?sslmode=${mode}`).ssl as Record<string, unknown> | undefined;
    expect(ssl("disable")).toBeUndefined();
    expect(ssl("require")).toEqual({ rejectUnauthorized: false });
    expect(ssl("verify-full")).toEqual({ rejectUnauthorized: true });
    expect(ssl("verify-ca")).toMatchObject({ rejectUnauthorized: true });
    expect((ssl("verify-ca")!.checkServerIdentity as () => unknown)()).toBeUndefined();
    expect(() => pgConfigFromUrl("postgresql://u@db.example/news?sslmode=verify-full&sslrootcert=/nonexistent/ca.pem")).toThrow(
      "DATABASE_URL's sslrootcert /nonexistent/ca.pem cannot be read",
    );
  });

  it("refuses a schema it would not use", () => {
    expect(() => pgConfigFromUrl("postgresql://u@db.example/news?schema=desk")).toThrow("DATABASE_URL asks for the schema desk");
    expect(pgConfigFromUrl("postgresql://u@db.example/news?schema=public").database).toBe("news");
  });
});

describe("preparedStatement", () => {
  it("names a statement after its text, and sends it unnamed when prepared statements are off", () => {
    const a = preparedStatement("SELECT $1::int", [1], {});
    expect(a).toEqual({ name: expect.stringMatching(/^p_[0-9a-f]{16}$/), text: "SELECT $1::int", values: [1] });
    expect(preparedStatement("SELECT $1::int", [2], {}).name).toBe(a.name);
    expect(preparedStatement("SELECT $1::text", [1], {}).name).not.toBe(a.name);
    expect(preparedStatement("SELECT $1::int", [1], { DB_PREPARED_STATEMENTS: "off" })).toEqual({ text: "SELECT $1::int", values: [1] });
  });
});

describe("word lists", () => {
  it("match whole words, wildcards and letters typed masked, never a masked first letter", async () => {
    const { compileWordList, matchWordList } = await import("@/lib/moderation/word-lists");
    const list = compileWordList(["bastard", "sh*t", "get lost"]);
    const hits = (text: string) => matchWordList(list, text);
    expect(hits("What a B*st*rd move, and sh*t too.")).toEqual(["b*st*rd", "sh*t"]);
    expect(hits("bastards")).toEqual([]);
    // Matches are named with their spaces folded, as terms are stored: one reason for "get  lost" and "get lost".
    expect(hits("shoot. Get   l**t!")).toEqual(["shoot", "get l**t"]);
    expect(hits("*astard, b*stardly")).toEqual([]);
    // A leading wildcard: the letter after it must be typed, or a row of stars would match.
    const starred = compileWordList(["*hole", "*ass*"]);
    expect(matchWordList(starred, "Five stars: ***** and **** then part one *** part two")).toEqual([]);
    expect(matchWordList(starred, "what an arsehole, a h*le, badass")).toEqual(["arsehole", "h*le", "badass"]);
    // Two wildcards in a row inside a term still let the letters after them be masked.
    expect(matchWordList(compileWordList(["f**k", "b**ch"]), "f*** and b****")).toEqual(["f***", "b****"]);
    // Composed and decomposed accents, and a Turkish capital İ, match alike.
    const places = compileWordList(["café", "i̇stanbul"]);
    expect(matchWordList(places, "Cafe\u0301 in İSTANBUL, and a café in Istanbul")).toEqual(["café", "istanbul"]);
  });

  it("refuse a wildcard term too short to name a word", async () => {
    const { termSchema } = await import("@/lib/moderation/word-lists");
    const refused = (term: string) => !termSchema.safeParse(term).success;
    // "a**" would match "about", "article", "and": as a banned term it rejects most comments.
    expect(refused("a**")).toBe(true);
    expect(refused("ab*")).toBe(true);
    expect(termSchema.safeParse("a*").error?.issues.map((i) => i.message)).toContain(
      'a term with "*" needs at least 3 letters or digits besides the wildcards (shorter ones match too many words)',
    );
    expect(refused("sh*t")).toBe(false);
    expect(refused("idio*")).toBe(false);
    // Without a wildcard a short word names only itself.
    expect(refused("ok")).toBe(false);
    expect(termSchema.safeParse("a*b*c*d*e").error?.issues.map((i) => i.message)).toContain("at most 3 wildcards (*)");
  });

  it("match a huge one-word comment at once: a wildcard stands for at most 24 letters", async () => {
    const { compileWordList, matchWordList } = await import("@/lib/moderation/word-lists");
    // Unbounded, three wildcards tried every split of this 200,002-letter word (hours).
    const list = compileWordList(["ab*c*d*ez", "sh*t*ty"]);
    expect(matchWordList(list, `ab${"cd".repeat(100_000)}q and sh${"t".repeat(20_000)}q`)).toEqual([]);
    expect(matchWordList(list, "abxcxdez, shitty")).toEqual(["abxcxdez", "shitty"]);
    expect(matchWordList(compileWordList(["idio*"]), `idio${"t".repeat(24)} idio${"t".repeat(25)}`)).toEqual([`idio${"t".repeat(24)}`]);
  });
});

describe("describeFilterProblems", () => {
  it("names the field of each problem once", () => {
    const schema = z
      .object({ from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "a date as YYYY-MM-DD"), to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "a date as YYYY-MM-DD") })
      .refine((f) => f.from <= f.to, { message: "from must not be after to", path: ["from"] });
    const problems = (input: unknown) => {
      const parsed = schema.safeParse(input);
      return parsed.success ? "" : describeFilterProblems(parsed.error);
    };
    expect(problems({ from: "2025/12/01", to: "2026-01-01" })).toBe("from: a date as YYYY-MM-DD");
    expect(problems({ from: "2026-02-01", to: "2026-01-01" })).toBe("from must not be after to");
    expect(describeFilterProblems(new Error("no issues"))).toBe("invalid filters");
  });
});

describe("times shown on the moderation pages", () => {
  it("are in the newsroom's zone, named", async () => {
    const { when } = await import("@/app/(dashboard)/_lib/when");
    expect(when("2026-11-24T13:05:00Z", "Europe/Berlin")).toBe("24 Nov 2026, 14:05 CET");
    expect(when("2026-07-01T23:30:00Z", "UTC")).toBe("1 Jul 2026, 23:30 UTC");
    expect(when(new Date("2026-07-01T23:30:00Z"), "America/New_York")).toBe("1 Jul 2026, 19:30 GMT-4");
  });
});

describe("search params that cannot be read", () => {
  it("are left out one by one, with why, and the rest still apply", async () => {
    const { z } = await import("zod");
    const { parseLeavingOut } = await import("@/lib/http");
    const schema = z.object({ page: z.coerce.number().int().min(1).default(1), q: z.string().max(3).optional() });
    expect(parseLeavingOut(schema, { page: "2", q: "abc" })).toEqual({ data: { page: 2, q: "abc" }, leftOut: new Map() });
    const { data, leftOut } = parseLeavingOut(schema, { page: "0", q: "abc" });
    expect(data).toEqual({ page: 1, q: "abc" });
    expect([...leftOut.keys()]).toEqual(["page"]);
  });
});

describe("dates in filters", () => {
  it("accepts only days that exist", () => {
    for (const day of ["2026-03-01", "2024-02-29", "2026-12-31", "9998-12-31"]) expect(isCalendarDate(day)).toBe(true);
    for (const day of ["2026-02-30", "2026-13-01", "2025-02-29", "2026-04-31", "2026-00-10", "0000-01-01", "2026-3-1", "26-03-01", "9999-12-31", "9999-01-01"]) {
      expect(isCalendarDate(day)).toBe(false);
    }
  });

  it("refuses an impossible day in the queue and audit filters before any query runs", () => {
    expect(queueFilterSchema.safeParse({ from: "2026-02-30" }).error?.issues[0]).toMatchObject({ path: ["from"], message: "a date like 2026-03-01 that exists" });
    expect(auditQuerySchema.safeParse({ to: "2026-13-01" }).success).toBe(false);
    expect(auditQuerySchema.safeParse({ from: "2026-02-28", to: "2026-03-01" }).success).toBe(true);
  });
});

describe("upload progress in words", () => {
  it("names the bytes sent, then the importer's phase with a share when one can be told", async () => {
    const { describeStage } = await import("@/app/(dashboard)/imports/_components/send-file");
    expect(describeStage("big.xml", { stage: "sending", sent: 3 * 1024 * 1024, size: 6 * 1024 * 1024 })).toEqual({ text: "Sending big.xml: 50% of 6.0 MB", fraction: 0.5 });
    expect(describeStage("big.xml", { stage: "importing", phase: "reading", done: 12_000, total: null, bytesRead: 1, bytesTotal: 4 })).toEqual({
      text: "Importing big.xml: reading, 12,000 comments so far (25% of the file)",
      fraction: 0.25,
    });
    expect(describeStage("big.xml", { stage: "importing", phase: "writing", done: 5_000, total: 20_000, bytesRead: 4, bytesTotal: 4 })).toEqual({
      text: "Importing big.xml: storing 5,000 of 20,000 comments",
      fraction: 0.25,
    });
    expect(describeStage("big.xml", { stage: "importing", phase: "scoring", done: 10, total: null, bytesRead: 4, bytesTotal: 4 }).fraction).toBeNull();
    // What a screen reader is told: the step only, not every figure.
    const { stepOf } = await import("@/app/(dashboard)/imports/_components/send-file");
    expect(stepOf("big.xml", { stage: "sending", sent: 1, size: 2 })).toBe("Sending big.xml");
    expect(stepOf("big.xml", { stage: "importing", phase: "writing", done: 1, total: 2, bytesRead: 1, bytesTotal: 1 })).toBe("Importing big.xml: storing");
  });
});

describe("values the database cannot take", () => {
  it("reads PostgreSQL's data exceptions (class 22) as the request's fault, and nothing else", () => {
    const refused = Object.assign(new Error('value "3000000000" is out of range for type integer'), { code: "22003" });
    expect(invalidValueMessage(refused)).toBe('value "3000000000" is out of range for type integer');
    expect(invalidValueMessage(Object.assign(new Error("invalid byte sequence for encoding \"UTF8\": 0x00"), { code: "22021" }))).toMatch(/0x00/);
    expect(invalidValueMessage(Object.assign(new Error("deadlock detected"), { code: "40P01" }))).toBeNull();
    expect(invalidValueMessage(new Error("no code"))).toBeNull();
    expect(invalidValueMessage({ code: "22003" })).toBeNull();
  });

  it("takes a queue cursor only for the order it was made in", () => {
    const byPriority = encodeCursor(0.81, 42);
    const byTime = encodeCursor("2026-05-01T10:00:00.000Z", 42);
    expect(decodeCursor(byPriority, "float8")).toEqual([0.81, 42]);
    expect(decodeCursor(byPriority, "timestamptz")).toBeNull();
    expect(decodeCursor(byTime, "timestamptz")).toEqual(["2026-05-01T10:00:00.000Z", 42]);
    expect(decodeCursor(byTime, "float8")).toBeNull();
    expect(decodeCursor(encodeCursor(null, 42), "float8")).toEqual([null, 42]);
    expect(decodeCursor(encodeCursor(0.5, 3_000_000_000), "float8")).toBeNull();
    expect(decodeCursor(encodeCursor("2026-02-30T99:00:00Z", 1), "timestamptz")).toBeNull();
    expect(decodeCursor("not base64 json", "float8")).toBeNull();
  });
});

describe("shortened comment texts", () => {
  it("cut at the limit with an ellipsis, never through an emoji", () => {
    expect(shorten("short", 160)).toBe("short");
    expect(shorten("abcdef", 4)).toBe("abc…");
    // "ab😠": the emoji is two UTF-16 units at 2–3; a cut after three units would keep half of it.
    expect(shorten("ab😠cd", 4)).toBe("ab…");
    expect(shorten("a😠cd", 4)).toBe("a😠…");
  });
});

describe("where sign-in leads", () => {
  it("stays on this site, whatever the next parameter says", () => {
    expect(sameSitePath("/queue?status=flagged#c")).toBe("/queue?status=flagged#c");
    expect(sameSitePath(undefined)).toBe("/");
    for (const away of ["//evil.example", "/\\evil.example", "/\t/evil.example", "https://evil.example", "/%5C", "\\evil.example"]) {
      expect(new URL(sameSitePath(away), "http://x").host, away).toBe("x");
    }
    expect(sameSitePath("/\\evil.example")).toBe("/");
    expect(sameSitePath("/\t/evil.example")).toBe("/");
    // Dot segments resolve away into "//evil.example".
    for (const away of ["/.//evil.example", "/..//evil.example", "/%2e//evil.example", "/a/..//evil.example"]) {
      expect(sameSitePath(away), away).toBe("/");
    }
  });
});

describe("the address sign-in failures are counted by", () => {
  it("is the one the trusted proxies saw, never what the client wrote", () => {
    const headers = { "x-forwarded-for": "198.51.100.9, 203.0.113.7" };
    // No trusted proxy: the header is the client's own words.
    expect(clientAddress(headers, 0)).toBe("unknown");
    // One proxy appended the address it saw; the entry before it the client wrote.
    expect(clientAddress(headers, 1)).toBe("203.0.113.7");
    expect(clientAddress(headers, 2)).toBe("198.51.100.9");
    expect(clientAddress(headers, 3)).toBe("unknown");
    expect(clientAddress({}, 1)).toBe("unknown");
  });

  it("counts an IPv6 address by its /64 network, as one home or machine gets a whole one", () => {
    expect(addressKey("2001:db8:85a3:0:1:2:3:4")).toBe("2001:db8:85a3:0::/64");
    expect(addressKey("2001:0db8:85a3:0000:ffff:eeee:dddd:cccc")).toBe("2001:db8:85a3:0::/64");
    expect(addressKey("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(addressKey("[2001:db8:1:2::5]:443")).toBe("2001:db8:1:2::/64");
    expect(addressKey("fe80::1%eth0")).toBe("fe80:0:0:0::/64");
    expect(addressKey("::ffff:203.0.113.7")).toBe("203.0.113.7");
    expect(addressKey("203.0.113.7")).toBe("203.0.113.7");
    expect(addressKey("not an address")).toBe("not an address");
    expect(addressKey("203.0.113.7:51234")).toBe("203.0.113.7");
    expect(addressKey("::1")).toBe("0:0:0:0::/64");
    expect(addressKey("::")).toBe("0:0:0:0::/64");
    expect(addressKey("2001:DB8::1")).toBe("2001:db8:0:0::/64");
    // Not addresses: kept as they are, never folded into someone's network.
    expect(addressKey("1::2::3")).toBe("1::2::3");
    expect(addressKey("1:2:3:4:5:6:7:8::")).toBe("1:2:3:4:5:6:7:8::");
    expect(clientAddress({ "x-forwarded-for": "2001:db8:85a3:0:1:2:3:4" }, 1)).toBe(clientAddress({ "x-forwarded-for": "2001:db8:85a3::9" }, 1));
  });
});

describe("a session's age", () => {
  it("is counted from the sign-in, however often the cookie was renewed since", () => {
    const now = Date.parse("2026-11-24T18:00:00Z");
    const hours = (h: number) => now - h * 3600_000;
    expect(signedInRecently(hours(1), now)).toBe(true);
    expect(signedInRecently(hours(11.9), now)).toBe(true);
    expect(signedInRecently(hours(12), now)).toBe(false);
    expect(signedInRecently(undefined, now)).toBe(false);
    expect(signedInRecently(now + 3600_000, now)).toBe(false);
  });
});

describe("decision reasons", () => {
  it("are required for a rejection, and other needs a note, for one comment and for many", () => {
    const problems = (result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
      result.success ? [] : result.error!.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    const items = [{ id: 1, modVersion: 0 }];
    expect(problems(decisionSchema.safeParse({ action: "reject", expectedVersion: 0 }))).toEqual(["reason: a rejection needs a reason"]);
    expect(problems(bulkRequestSchema.safeParse({ action: "reject", items }))).toEqual(["reason: a rejection needs a reason"]);
    for (const other of [{ action: "reject", reason: "other" }, { action: "reject", reason: "other", note: "   " }]) {
      expect(problems(decisionSchema.safeParse({ ...other, expectedVersion: 0 }))).toEqual(['note: reason "other" needs a note saying why']);
      expect(problems(bulkRequestSchema.safeParse({ ...other, items }))).toEqual(['note: reason "other" needs a note saying why']);
    }
    expect(problems(bulkRequestSchema.safeParse({ action: "reject", reason: "other", note: "duplicate", items }))).toEqual([]);
    expect(problems(decisionSchema.safeParse({ action: "approve", expectedVersion: 0 }))).toEqual([]);
  });
});

describe("JSON request bodies", () => {
  const post = (body: BodyInit, headers: Record<string, string> = {}) => new Request("http://x/api", { method: "POST", body, headers, duplex: "half" } as RequestInit);
  it("are read when small, refused with 413 past the limit (declared or streamed), and 422 when not JSON", async () => {
    expect(await jsonBody(post('{"action":"approve"}'))).toEqual({ action: "approve" });
    await expect(jsonBody(post("x".repeat(100)), 50)).rejects.toMatchObject({ status: 413 });
    await expect(jsonBody(post("{}", { "content-length": String(MAX_JSON_BYTES + 1) }))).rejects.toMatchObject({ status: 413 });
    // A stream with no length given is cut off once it passes the limit.
    const endless = new ReadableStream<Uint8Array>({ pull: (c) => c.enqueue(new Uint8Array(64 * 1024).fill(32)) });
    await expect(jsonBody(post(endless))).rejects.toMatchObject({ status: 413 });
    await expect(jsonBody(post("{not json"))).rejects.toBeInstanceOf(z.ZodError);
  });
});

describe("upload limits in words", () => {
  it("say the limit the server keeps, not a rounded one", async () => {
    const { megabytes } = await import("@/lib/megabytes");
    expect(megabytes(200 * 1024 * 1024)).toBe("200 MB");
    expect(megabytes(2.5 * 1024 * 1024)).toBe("2.5 MB");
    expect(megabytes(Math.floor(0.4 * 1024 * 1024))).toBe("409 KB");
    // Never rounded up: a 0.28 MB file must not read as within a "0.3 MB" limit of 0.26 MB.
    expect(megabytes(Math.floor(1.26 * 1024 * 1024))).toBe("1.2 MB");
  });
});

describe("a database that went away", () => {
  it("is told apart from a bug, whichever layer reports it", async () => {
    const { isDatabaseUnavailable } = await import("@/lib/errors");
    const prisma = (code: string) => Object.assign(new Error("Server has closed the connection."), { code });
    for (const code of ["P1001", "P1008", "P1017", "EPIPE", "57P01"]) expect(isDatabaseUnavailable(prisma(code)), code).toBe(true);
    expect(isDatabaseUnavailable(new Error("Client has encountered a connection error and is not queryable"))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error("duplicate key"), { code: "23505" }))).toBe(false);
  });
});
