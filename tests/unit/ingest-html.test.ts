import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { FIXTURES } from "../support/paths";
import { parseFile, rejection, type Parsed } from "./ingest-events";

const HTML = path.join(FIXTURES, "trafilatura-html");
const tmp = await fs.mkdtemp(path.join(os.tmpdir(), "cdk-html-"));
afterAll(() => fs.rm(tmp, { recursive: true, force: true }));

const utc = (local: string) => new Date(local).toISOString();

/** id, depth (from the page's depth-N classes), author, time, as read from each file's markup. */
function table(rows: string, separator = " | "): { id: string; depth: number; author: string; time: string }[] {
  return rows
    .trim()
    .split("\n")
    .map((line) => {
      const [id, depth, author, time] = line.trim().split(separator);
      return { id: id!, depth: Number(depth), author: author!, time: time! };
    });
}

/** The parent each comment must get: the latest comment one level up, in page order. */
function parentsByDepth(rows: { id: string; depth: number }[]): Record<string, string | null> {
  const last: string[] = [];
  const out: Record<string, string | null> = {};
  for (const r of rows) {
    out[r.id] = r.depth > 1 ? last[r.depth - 2]! : null;
    last[r.depth - 1] = r.id;
  }
  return out;
}

function expectThread(parsed: Parsed, rows: ReturnType<typeof table>) {
  expect(parsed.comments.map((c) => c.sourceCommentId)).toEqual(rows.map((r) => r.id));
  expect(parsed.comments.map((c) => c.authorName)).toEqual(rows.map((r) => r.author));
  const parents = parentsByDepth(rows);
  expect(Object.fromEntries(parsed.comments.map((c) => [c.sourceCommentId, c.parentSourceId ?? null]))).toEqual(parents);
}

describe("saved WordPress pages (fixtures/trafilatura-html)", () => {
  it("sprechwaisen.com: German theme, text dates, a reply, paragraphs and <br>", async () => {
    const parsed = await parseFile(path.join(HTML, "sprechwaisen.com.sw082.html"));
    expect(parsed.format).toBe("html");
    expect(parsed.source).toEqual({ key: "html:www.sprechwaisen.com", name: "www.sprechwaisen.com", platform: "wordpress-html" });
    expect(parsed.threads.map((t) => [t.key, t.title, t.url])).toEqual([
      ["http://www.sprechwaisen.com/sw082-82-gruende-zum-weiter-hoeren/", "SW082 – 82 Gründe zum weiter hören", "http://www.sprechwaisen.com/sw082-82-gruende-zum-weiter-hoeren/"],
    ]);
    expect(parsed.comments.map((c) => [c.sourceCommentId, c.parentSourceId, c.authorName, c.authorKey, c.postedAt.toISOString(), c.postedAtEstimated, c.body])).toEqual([
      ["216", null, "Baschurr", "baschurr", "2019-07-22T16:25:00.000Z", true, "Schöne Folge. Hab mich gefreut.\n\nSchöne Grüße\n\nPS: Eure Tasse ist trotz guter Nutzung immer noch Schick. =)"],
      [
        "217", null, "Anonymous", "anonymous", "2019-07-23T05:00:00.000Z", true,
        "Och wenn ick keen Berliner bin:\nDit ihr hier groß Reklame für euern inschtagrahm macht, wo ihr aber für diese Episode gar keen Bild und nüscht jepostet habt, jeet mal jarnich.\n\n" +
          "Trotzdem mal wieder eine sehr kurzweilige Folge (bis auf das Intro, meine Fresse)\nIch hätte gern mehr Geschichten aus dem Urlaub gehört. Vielleicht ja das nächste Mal, wenn Heiko oder Petra verreist waren.\n\nMacht weiter so!",
      ],
      ["218", "217", "schreibwaise", "user:schreibwaise", "2019-08-02T17:00:00.000Z", true, "da haste wohl rescht wa? Jeschichten komm oooch noch irjendwann. Die 83 bekommt aber wieder ein instagram bild. da guck!"],
    ]);
    expect(parsed.notes).toEqual(["3 comment times are printed without a time zone: read as UTC (marked estimated)"]);
  });

  it("lemire.me: <time datetime> times, registered author, typographic quotes decoded", async () => {
    const parsed = await parseFile(path.join(HTML, "lemire.me.json.html"));
    expect(parsed.threads[0]).toMatchObject({ title: "JSON parsing: simdjson vs. JSON for Modern C++", url: "https://lemire.me/blog/2019/08/02/json-parsing-simdjson-vs-json-for-modern-c/" });
    // The blog lives in /blog (its REST API and comment form say so): the folder is part of the site.
    expect(parsed.source).toMatchObject({ key: "html:lemire.me/blog", name: "Daniel Lemire's blog" });
    expect(parsed.comments.map((c) => [c.sourceCommentId, c.parentSourceId, c.authorName, c.authorKey, c.postedAt.toISOString(), c.postedAtEstimated])).toEqual([
      ["421882", null, "degski", "degski", "2019-08-03T04:11:57.000Z", false],
      ["422154", null, "degski", "degski", "2019-08-05T02:51:17.000Z", false],
      ["422230", "422154", "Daniel Lemire", "user:lemire", "2019-08-05T13:46:09.000Z", false],
      ["422240", null, "wmu", "wmu", "2019-08-05T16:43:48.000Z", false],
      ["422257", "422240", "Daniel Lemire", "user:lemire", "2019-08-05T20:28:59.000Z", false],
    ]);
    expect(parsed.byId.get("421882")?.body).toBe(
      "Thanks, for posting this.\n\nThat is well a mega difference, very impressive. I’m just using it [nlohmann/json] for some settings and some data from the web, so speed is not relevant, but if it got to be relevant for another application, I’d definitely look into simdjson.",
    );
    expect(parsed.byId.get("422240")?.body.startsWith("Daniel, you wrote “[JSON for Modern C++] is designed for ease-of-use:")).toBe(true);
    expect(parsed.byId.get("422257")?.body).toBe("We support a conventional DOM traversal as well as JSON pointers. Our DOM tree is immutable.\n\nPlease try it out!");
    expect(parsed.notes).toEqual([]);
  });

  it("thenervousbreakdown.com: classic theme, body beside the meta, 12-hour text times", async () => {
    const parsed = await parseFile(path.join(HTML, "thenervousbreakdown.com.loneliest.html"));
    expect(parsed.threads[0]!.title).toBe("The Loneliest Woman in the World: An Appreciation of Heart’s “Alone”");
    const rows = table(`
      148542 | 1 | Art Edwards | 2011-07-11T12:25:00.000Z
      148568 | 1 | Harry Paterson | 2011-07-11T14:54:00.000Z
      148573 | 1 | dwoz | 2011-07-11T15:14:00.000Z
      148605 | 2 | Tim Anderson | 2011-07-11T18:33:00.000Z
      150127 | 1 | Gloria | 2011-07-30T19:48:00.000Z
      386810 | 1 | Shane | 2016-09-27T19:35:00.000Z
      434856 | 1 | William Gregory | 2017-01-22T00:19:00.000Z
      464186 | 1 | Dave Hunt | 2017-03-28T16:00:00.000Z
      542976 | 1 | Jim Henderson | 2017-09-23T05:02:00.000Z
      877635 | 2 | Kgaard | 2019-06-15T21:54:00.000Z
      877639 | 1 | Kgaard | 2019-06-15T21:58:00.000Z`);
    expectThread(parsed, rows);
    expect(parsed.comments.map((c) => c.postedAt.toISOString())).toEqual(rows.map((r) => r.time));
    expect(parsed.byId.get("148542")?.body).toBe(
      "“How can you not hear Ann Wilson when she’s singing at you?!” Ha!\n\nSo true. These singles will always have a special place for me. So many crushingly sweet numbers, even if I was a little too cool for them at the time.",
    );
    expect(parsed.byId.get("148573")?.body).toBe(
      "I’d be willing to go along with you for the “Heart new skool” ride, but for two little words:\n\nDiane Warren.\n\n(not that she isn’t a consummate professional and highly competent…but…)\n\n🙂",
    );
    expect(parsed.byId.get("148542")?.authorKey).toBe("user:aedwards");
    // The author block, the time link and the Reply link are not part of the text.
    expect(parsed.comments.some((c) => /says:|Reply|July 11, 2011/.test(c.body))).toBe(false);
  });

  it("gormulus.wordpress.com: three levels, five pingbacks without times, localized header count matching", async () => {
    const parsed = await parseFile(path.join(HTML, "gormulus.wordpress.com.durfen.html"));
    expect(parsed.threads[0]!.title).toBe("„Das wird man ja wohl noch sagen dürfen!“");
    // Pingback titles contain " | ", so this table separates columns with ";;".
    const rows = table(`
      154 ;; 1 ;; photobix ;; 2012-12-11T11:07:17+01:00
      155 ;; 1 ;; Israel: Von Grabenkämpfen und dem Wert wahrer Freundschaft | Gormulus ;; ping
      156 ;; 1 ;; jeuys ;; 2012-12-11T12:57:50+01:00
      157 ;; 2 ;; Mathias ;; 2012-12-11T13:19:41+01:00
      167 ;; 2 ;; yoonar ;; 2012-12-11T15:03:40+01:00
      160 ;; 1 ;; Tobias Raff ;; 2012-12-11T13:58:20+01:00
      161 ;; 1 ;; @kpeterlka ;; 2012-12-11T14:11:53+01:00
      162 ;; 1 ;; Tobias Raff ;; 2012-12-11T14:48:48+01:00
      173 ;; 2 ;; Owner ;; 2012-12-11T22:40:36+01:00
      174 ;; 3 ;; hardy ;; 2012-12-12T00:18:47+01:00
      175 ;; 3 ;; Denkmalüberdenscheißnach Dendudaschreibst ;; 2012-12-12T02:26:20+01:00
      178 ;; 3 ;; Mathias ;; 2012-12-12T12:17:39+01:00
      163 ;; 1 ;; jeuys ;; 2012-12-11T14:50:25+01:00
      164 ;; 1 ;; »Das wird man ja wohl noch sagen dürfen« | Popcorn Piraten ;; ping
      165 ;; 1 ;; m ;; 2012-12-11T14:53:55+01:00
      166 ;; 1 ;; Peter ;; 2012-12-11T14:55:18+01:00
      168 ;; 1 ;; Kand.in.Sky ;; 2012-12-11T15:40:26+01:00
      169 ;; 1 ;; jeuys ;; 2012-12-11T15:50:00+01:00
      170 ;; 2 ;; Mathias ;; 2012-12-11T16:10:42+01:00
      190 ;; 3 ;; Yuppiedeadhead ;; 2012-12-14T19:31:01+01:00
      191 ;; 3 ;; jeuys ;; 2012-12-15T10:14:43+01:00
      193 ;; 3 ;; Mathias ;; 2012-12-15T13:19:42+01:00
      197 ;; 3 ;; jeuys ;; 2012-12-15T14:13:46+01:00
      172 ;; 1 ;; “Das wird man ja wohl noch sagen dürfen!” | Piraten | Scoop.it ;; ping
      176 ;; 1 ;; Jo Menschenfreund ;; 2012-12-12T09:35:42+01:00
      179 ;; 2 ;; Mathias ;; 2012-12-12T12:33:22+01:00
      180 ;; 3 ;; Jo ;; 2012-12-12T13:23:25+01:00
      181 ;; 3 ;; Mathias ;; 2012-12-12T13:35:34+01:00
      177 ;; 1 ;; ooo ;; 2012-12-12T11:11:57+01:00
      182 ;; 1 ;; Jo ;; 2012-12-12T14:04:25+01:00
      183 ;; 2 ;; Mathias ;; 2012-12-12T14:43:07+01:00
      184 ;; 3 ;; Jo ;; 2012-12-12T15:53:09+01:00
      185 ;; 3 ;; Mathias ;; 2012-12-12T17:28:22+01:00
      186 ;; 1 ;; Volker Melchers ;; 2012-12-12T22:34:31+01:00
      189 ;; 2 ;; Owner ;; 2012-12-13T01:33:57+01:00
      195 ;; 3 ;; Mathias ;; 2012-12-15T13:41:07+01:00
      196 ;; 3 ;; Owner ;; 2012-12-15T14:09:29+01:00
      198 ;; 3 ;; Mathias ;; 2012-12-15T14:17:45+01:00
      199 ;; 3 ;; Owner ;; 2012-12-15T14:20:46+01:00
      200 ;; 3 ;; Owner ;; 2012-12-15T14:26:19+01:00
      187 ;; 1 ;; Jo Menschenfreund ;; 2012-12-12T23:17:16+01:00
      188 ;; 2 ;; Mathias ;; 2012-12-12T23:27:20+01:00
      205 ;; 2 ;; Lusru ;; 2013-01-09T13:19:23+01:00
      207 ;; 1 ;; Heckenschützen | Es fährt kein Schiff nach Denver ;; ping
      208 ;; 1 ;; VIII. Heckenschützen | Es fährt kein Schiff nach Denver ;; ping`, " ;; ");
    expect(parsed.comments).toHaveLength(45);
    expectThread(parsed, rows);
    const pings = rows.filter((r) => r.time === "ping").map((r) => r.id);
    expect(parsed.comments.filter((c) => c.kind === "pingback").map((c) => c.sourceCommentId)).toEqual(pings);
    for (const r of rows.filter((x) => x.time !== "ping")) {
      expect(parsed.byId.get(r.id)?.postedAt.toISOString(), r.id).toBe(utc(r.time));
    }
    // Pingbacks show no time: the nearest earlier comment's, marked estimated.
    expect(["155", "164", "172", "207", "208"].map((id) => parsed.byId.get(id)!.postedAt.toISOString())).toEqual([
      utc("2012-12-11T11:07:17+01:00"), utc("2012-12-11T14:50:25+01:00"), utc("2012-12-15T14:13:46+01:00"),
      utc("2013-01-09T13:19:23+01:00"), utc("2013-01-09T13:19:23+01:00"),
    ]);
    expect(parsed.byId.get("155")).toMatchObject({ postedAtEstimated: true, body: "Israel: Von Grabenkämpfen und dem Wert wahrer Freundschaft | Gormulus" });
    expect(parsed.byId.get("154")).toMatchObject({ body: "Danke!", postedAtEstimated: false, authorKey: "photobix" });
    expect(parsed.byId.get("205")?.body.startsWith("„Da hier nur noch düstere Andeutungen, Verschwörungstheorien und hintergründige Gerüchte gestreut werden,")).toBe(true);
    expect(parsed.notes).toEqual(["5 comments show no time: they were given their neighbour's (marked estimated)"]);
  });

  it("foxyfolksy.com: 80 comments to four levels, one comment left unclosed before its replies", async () => {
    const parsed = await parseFile(path.join(HTML, "foxyfolksy.com.buttercream.html"));
    expect(parsed.threads[0]).toMatchObject({
      title: "Chocolate Buttercream Frosting without Powdered Sugar (Ermine Icing)",
      url: "https://www.foxyfolksy.com/chocolate-buttercream-frosting-without-powdered-sugar-ermine-icing/",
    });
    expect(parsed.source).toMatchObject({ key: "html:www.foxyfolksy.com", name: "Foxy Folksy" });
    const rows = table(`
      67526 | 1 | Kristine | 2020-10-22T17:17:43+08:00
      67806 | 2 | Bebs | 2020-10-27T01:18:05+08:00
      62336 | 1 | Gemma | 2020-07-12T16:39:48+08:00
      64025 | 2 | Bebs | 2020-08-12T10:53:35+08:00
      60036 | 1 | Stella | 2020-06-11T09:37:53+08:00
      60215 | 2 | Bebs | 2020-06-13T23:37:43+08:00
      58352 | 1 | sarah Paulson | 2020-05-18T08:48:37+08:00
      58424 | 2 | Armin | 2020-05-18T17:24:41+08:00
      58177 | 1 | Clare | 2020-05-15T12:42:36+08:00
      58220 | 2 | Bebs | 2020-05-16T01:16:40+08:00
      59254 | 2 | Matthew Haber | 2020-05-31T16:05:23+08:00
      58053 | 1 | Pye | 2020-05-13T18:05:40+08:00
      58076 | 2 | Bebs | 2020-05-14T02:16:22+08:00
      57224 | 1 | Tracy Ed | 2020-05-02T21:58:18+08:00
      57625 | 2 | Bebs | 2020-05-08T14:11:27+08:00
      56875 | 1 | Bethany Wang | 2020-04-28T21:20:50+08:00
      56883 | 2 | Bebs | 2020-04-28T23:12:15+08:00
      56885 | 3 | Bethany Wang | 2020-04-28T23:53:01+08:00
      56650 | 1 | Mick | 2020-04-26T05:46:57+08:00
      56785 | 2 | Bebs | 2020-04-28T00:47:11+08:00
      56566 | 1 | tara | 2020-04-25T02:53:07+08:00
      56677 | 2 | Bebs | 2020-04-26T14:24:24+08:00
      56471 | 1 | Alethea | 2020-04-24T03:54:16+08:00
      56545 | 2 | Bebs | 2020-04-24T20:39:57+08:00
      61164 | 2 | Alethea | 2020-06-30T04:59:49+08:00
      63018 | 3 | Bebs | 2020-07-27T18:18:26+08:00
      56328 | 1 | Alethea | 2020-04-22T02:20:26+08:00
      56380 | 2 | Bebs | 2020-04-22T20:33:57+08:00
      56130 | 1 | Bless | 2020-04-19T22:16:17+08:00
      56185 | 2 | Bebs | 2020-04-20T18:07:22+08:00
      56067 | 1 | Christie Ryan | 2020-04-19T03:48:28+08:00
      56099 | 2 | Bebs | 2020-04-19T17:08:07+08:00
      55843 | 1 | Paige | 2020-04-16T07:20:12+08:00
      55867 | 2 | Bebs | 2020-04-16T16:39:28+08:00
      55136 | 1 | Nika | 2020-04-05T01:49:08+08:00
      55169 | 2 | Bebs | 2020-04-05T14:55:32+08:00
      54967 | 1 | Fiona | 2020-04-02T08:24:27+08:00
      54995 | 2 | Bebs | 2020-04-02T19:47:50+08:00
      53661 | 1 | Heather | 2020-03-07T03:21:37+08:00
      53683 | 2 | Bebs | 2020-03-07T11:36:45+08:00
      53288 | 1 | Susan | 2020-02-26T01:07:56+08:00
      53322 | 2 | Bebs | 2020-02-27T00:00:15+08:00
      53287 | 1 | Susan | 2020-02-26T01:00:54+08:00
      50675 | 1 | Merricat | 2019-12-25T23:49:06+08:00
      50967 | 2 | Bebs | 2020-01-02T15:32:09+08:00
      50174 | 1 | Rohini Roy | 2019-12-16T16:36:47+08:00
      50226 | 2 | Bebs | 2019-12-17T12:30:55+08:00
      47749 | 1 | kat | 2019-11-25T00:00:06+08:00
      47794 | 2 | Bebs | 2019-11-25T18:59:08+08:00
      46279 | 1 | Liz | 2019-11-01T03:18:13+08:00
      46428 | 2 | Bebs | 2019-11-03T09:04:05+08:00
      37472 | 1 | Char | 2019-08-16T10:58:55+08:00
      34812 | 1 | Erica | 2019-06-25T08:58:25+08:00
      34820 | 2 | Bebs | 2019-06-25T16:40:39+08:00
      33872 | 1 | Kati | 2019-05-29T00:55:18+08:00
      33995 | 2 | Bebs | 2019-05-31T13:20:20+08:00
      33600 | 1 | Anne | 2019-05-22T09:39:47+08:00
      33603 | 2 | Bebs | 2019-05-22T11:30:32+08:00
      31977 | 1 | Judie | 2019-04-17T03:17:27+08:00
      32041 | 2 | Bebs | 2019-04-17T21:15:11+08:00
      31694 | 1 | Ashley | 2019-04-12T10:34:30+08:00
      30965 | 1 | Raven | 2019-03-31T18:03:13+08:00
      31018 | 2 | Bebs | 2019-04-01T19:59:55+08:00
      28390 | 1 | Toni | 2019-02-12T11:15:36+08:00
      28409 | 2 | Bebs | 2019-02-12T23:29:23+08:00
      27031 | 1 | KIMBERLY PAYTON | 2019-01-14T04:29:41+08:00
      27069 | 2 | Bebs | 2019-01-15T09:30:21+08:00
      26883 | 1 | GC | 2019-01-10T01:34:48+08:00
      26906 | 2 | Bebs | 2019-01-10T08:59:37+08:00
      26731 | 1 | Bellanira Bello | 2019-01-05T18:41:49+08:00
      26766 | 2 | Bebs | 2019-01-06T09:42:46+08:00
      26580 | 1 | Jessica | 2019-01-02T04:16:59+08:00
      26631 | 2 | Bebs | 2019-01-03T12:05:23+08:00
      25160 | 1 | Courtney | 2018-12-04T02:50:50+08:00
      25176 | 2 | Bebs | 2018-12-04T10:36:54+08:00
      23459 | 1 | Amna | 2018-10-08T07:34:21+08:00
      23471 | 2 | Bebs | 2018-10-08T14:37:08+08:00
      55883 | 3 | sheanne joseph | 2020-04-17T00:13:21+08:00
      55886 | 4 | Bebs | 2020-04-17T00:25:55+08:00
      18905 | 1 | Amber | 2018-04-20T11:44:44+08:00`);
    expect(parsed.comments).toHaveLength(80);
    expectThread(parsed, rows);
    expect(parsed.comments.map((c) => c.postedAt.toISOString())).toEqual(rows.map((r) => utc(r.time)));
    expect(parsed.comments.filter((c) => c.authorKey === "user:arminerva")).toHaveLength(36);
    expect(parsed.byId.get("55883")?.body).toBe("hey there.\nsince this involves the making of a pudding can you tell me if i can keep this cake for more than 24 h without a fridge?");
    expect(parsed.byId.get("55886")?.body).toBe("Hi Sheanne, it also involves butter so if exposed in a warm surrounding, it would also melt.");
    // A star-rating image starts the comment: it is not text.
    expect(parsed.byId.get("18905")?.body).toBe(
      "I found myself in need of chocolate buttercream, and alas, I had no powdered sugar! I gave this recipe a shot, and while it is obviously more labor intensive than American buttercream (honestly, it would have been faster to just go to the closest store and buy some PS), it worked.\n\nAs stated, it’s not as sweet as the American version, but it is still sweet enough.",
    );
    expect(parsed.notes).toEqual([]);
  });
});

describe("pages the fixtures do not cover", () => {
  const page = async (name: string, body: string) => {
    const file = path.join(tmp, name);
    await fs.writeFile(file, `<!DOCTYPE html><html><head><title>${name} | Site</title></head><body>${body}</body></html>`);
    return parseFile(file);
  };

  it("imports nothing from a Disqus placeholder page and says why", async () => {
    const parsed = await page("disqus-page.html", '<article><h1 class="entry-title">Story</h1><p>Text.</p></article><div id="disqus_thread"></div><script>var disqus_shortname="x";</script>');
    expect(parsed.comments).toEqual([]);
    expect(parsed.threads).toMatchObject([{ key: "page:disqus-page", title: "Story" }]);
    expect(parsed.notes).toEqual([
      "this page shows comments through Disqus, which loads them in a frame that a saved page does not contain: import the site's Disqus XML export instead",
    ]);
    expect(parsed.source?.key).toBe("saved-html");
  });

  it("keeps two pages saved as index.html apart when they have no address (the headline joins the key); other names keep their key", async () => {
    const list = (id: number) => `<ol class="commentlist"><li class="comment" id="comment-${id}"><div class="comment-body"><p>Hi ${id}.</p></div></li></ol>`;
    const first = await page("index.html", `<h1 class="entry-title">Budget vote</h1>${list(1)}`);
    const second = await page("index.html", `<h1 class="entry-title">Ferry fares</h1>${list(1)}`);
    expect(first.threads[0]!.key).toBe("page:index:budget-vote");
    expect(second.threads[0]!.key).toBe("page:index:ferry-fares");
    expect(first.comments[0]!.sourceCommentId).not.toBe(second.comments[0]!.sourceCommentId);
    // A page named for its article keeps the key earlier imports gave it.
    expect((await page("budget-vote.html", `<h1 class="entry-title">Budget vote</h1>${list(1)}`)).threads[0]!.key).toBe("page:budget-vote");
  });

  it("parses misnested and deeply wrapped markup in bounded time and memory, and ignores an absurd depth class", async () => {
    // Unclosed <b>s inside <p>s: HTML5 tree building re-opened every one in each later paragraph (gigabytes at 50 KB).
    const misnested = await page("misnested.html", `<ol class="commentlist"><li class="comment" id="comment-1"><div class="comment-body">${'<p><b class="c">x</p>'.repeat(2000)}</div></li></ol>`);
    expect(misnested.comments).toHaveLength(1);
    const svg = await page("svg.html", `<svg><title>T</title>${"<div>".repeat(400)}</svg><ol class="commentlist"><li class="comment depth-9999999999" id="comment-2"><div class="comment-body"><p>Deep.</p></div></li></ol>`);
    expect(svg.comments.map((c) => [c.sourceCommentId, c.body])).toEqual([["page:svg#2", "Deep."]]);
  });

  it("keeps comments without a number within their page, even on a site's pages", async () => {
    const site = (name: string) =>
      `<!DOCTYPE html><html><head><title>${name}</title><link rel="canonical" href="https://blog.example.com/${name}/"></head><body>` +
      `<ol class="commentlist"><li class="comment"><div class="comment-author"><cite class="fn">A</cite></div><div class="comment-body"><p>On ${name}.</p></div></li>` +
      `<li class="comment" id="comment-77"><div class="comment-body"><p>Numbered.</p></div></li></ol></body></html>`;
    const write = async (name: string) => {
      const file = path.join(tmp, `${name}.html`);
      await fs.writeFile(file, site(name));
      return parseFile(file);
    };
    const [a, b] = [await write("first"), await write("second")];
    expect(a.source?.key).toBe(b.source?.key);
    expect(a.comments.map((c) => c.sourceCommentId)).toEqual(["https://blog.example.com/first/#n1", "77"]);
    expect(b.comments.map((c) => c.sourceCommentId)).toEqual(["https://blog.example.com/second/#n1", "77"]);
  });

  it("nests by depth-N classes when the theme closes each comment before its replies", async () => {
    const li = (id: number, depth: number, text: string) =>
      `<li class="comment depth-${depth}" id="comment-${id}"><div class="comment-author"><cite class="fn">A${id}</cite></div>` +
      `<div class="comment-meta"><a href="#c">3. März 2021 um 10:0${id}</a></div><div class="comment-body"><p>${text}</p></div></li>`;
    const parsed = await page(
      "flat.html",
      `<h2 class="comments-title">12 Kommentare</h2><ol class="commentlist">${li(1, 1, "eins")}${li(2, 2, "zwei")}${li(3, 3, "drei")}${li(4, 2, "vier")}${li(5, 1, "fünf")}</ol>`,
    );
    expect(parsed.comments.map((c) => [c.sourceCommentId, c.parentSourceId, c.body, c.postedAt.toISOString()])).toEqual([
      ["page:flat#1", null, "eins", "2021-03-03T10:01:00.000Z"],
      ["page:flat#2", "page:flat#1", "zwei", "2021-03-03T10:02:00.000Z"],
      ["page:flat#3", "page:flat#2", "drei", "2021-03-03T10:03:00.000Z"],
      ["page:flat#4", "page:flat#1", "vier", "2021-03-03T10:04:00.000Z"],
      ["page:flat#5", null, "fünf", "2021-03-03T10:05:00.000Z"],
    ]);
    expect(parsed.notes).toContain("the header announces 12 comments; the page shows 5 (the rest are on other comment pages)");
    expect(parsed.threads[0]!.title).toBe("flat.html");
  });

  it("keeps a comment awaiting moderation as pending", async () => {
    const parsed = await page(
      "pending.html",
      '<ol class="comment-list"><li class="comment depth-1" id="comment-9"><b class="fn">Neu</b><em class="comment-awaiting-moderation">Your comment is awaiting moderation.</em><div class="comment-content"><p>Hallo</p></div></li></ol>',
    );
    expect(parsed.comments.map((c) => [c.sourceStatus, c.body])).toEqual([["pending", "Hallo"]]);
  });
});

describe("which site a saved page belongs to", () => {
  /** A saved WordPress page at `pageUrl` whose head carries `siteLinks`, with comment 881. */
  const save = async (name: string, pageUrl: string, siteLinks: string) => {
    const file = path.join(tmp, name);
    await fs.writeFile(
      file,
      `<!DOCTYPE html><html><head><title>${name}</title><link rel="canonical" href="${pageUrl}">${siteLinks}</head><body>\n` +
        `<ol class="commentlist">\n<li class="comment" id="comment-881"><div class="comment-body"><p>Hi.</p></div></li></ol></body></html>`,
    );
    return parseFile(file);
  };
  const api = (home: string) => `<link rel="https://api.w.org/" href="${home}wp-json/">`;

  it("keeps subsites in folders of one domain apart, as their comment numbers repeat", async () => {
    const a = await save("a.html", "https://example.com/a/2020/01/post/", api("https://example.com/a/"));
    const b = await save("b.html", "https://example.com/b/2021/02/other/", `<link rel="EditURI" type="application/rsd+xml" href="https://example.com/b/xmlrpc.php?rsd">`);
    expect([a.source?.key, b.source?.key]).toEqual(["html:example.com/a", "html:example.com/b"]);
    expect([a.comments[0]!.sourceCommentId, b.comments[0]!.sourceCommentId]).toEqual(["881", "881"]);
  });

  it("keeps one site's pages together, and a site at the root keyed by its host", async () => {
    const first = await save("first.html", "https://example.com/a/2020/01/post/", api("https://example.com/a/"));
    const second = await save("second.html", "https://example.com/a/about/", `<form action="https://example.com/a/wp-comments-post.php" method="post"></form>`);
    expect([first.source?.key, second.source?.key]).toEqual(["html:example.com/a", "html:example.com/a"]);
    expect((await save("root.html", "https://example.com/2020/post/", api("https://example.com/"))).source?.key).toBe("html:example.com");
  });

  it("ignores a site link the page is not inside, and pages without one", async () => {
    // WordPress installed in /wp but served from the root: the RSD link names /wp.
    const split = await save("split.html", "https://example.com/2020/post/", `<link rel="EditURI" href="https://example.com/wp/xmlrpc.php?rsd">`);
    const other = await save("other.html", "https://example.com/a/post/", api("https://cdn.example.net/a/"));
    const bare = await save("bare.html", "https://example.com/a/post/", "");
    expect([split.source?.key, other.source?.key, bare.source?.key]).toEqual(["html:example.com", "html:example.com", "html:example.com"]);
  });

  it("names the line a comment starts on, not its number, when rejecting it", async () => {
    const name = "n".repeat(2100);
    const file = path.join(tmp, "long-name.html");
    await fs.writeFile(
      file,
      `<!DOCTYPE html><html><head><title>T</title></head><body>\n<ol class="commentlist">\n<li class="comment" id="comment-1"><p>Fine.</p></li>\n\n` +
        `<li class="comment" id="comment-2"><cite class="fn">${name}</cite><div class="comment-body"><p>Hi.</p></div></li></ol></body></html>`,
    );
    expect(await rejection(file)).toEqual({ line: 5, message: "comment page:long-name#2: its author's key (name and e-mail for guests) is longer than 2,000 bytes; ids, keys and addresses must be shorter" });
  });
});

describe("a comment's own parts", () => {
  it("are matched by selectors whose every part is inside the comment, not by a wrapper around the list", async () => {
    // A theme that wraps the whole list in a metadata box: the author's link is not the comment's date.
    const page = `<!doctype html>\n<html><head><title>Wrapped</title></head><body>\n<div class="comment-metadata">\n<ol class="commentlist">\n` +
      `<li class="comment" id="comment-1"><div class="comment-body"><a href="https://ann.example">Ann</a> <span class="fn">Ann</span>` +
      `<time>March 3, 2024 at 10:00 am</time><div class="comment-content"><p>Hello</p></div></div></li>\n</ol>\n</div></body></html>\n`;
    const file = path.join(tmp, "wrapped.html");
    await fs.writeFile(file, page);
    const parsed = await parseFile(file);
    expect(parsed.comments.map((c) => [c.authorName, c.body, c.postedAtEstimated])).toEqual([["Ann", "Hello", true]]);
    expect(parsed.comments[0]!.postedAt.toISOString().slice(0, 10)).toBe("2024-03-03");
  });
});
