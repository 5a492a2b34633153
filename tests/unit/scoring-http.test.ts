import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { httpScorer, ScoringProviderError } from "@/lib/scoring/providers/http";

type Handler = (body: { model: { name: string; version: string }; texts: string[] }, res: http.ServerResponse) => void;

// A real HTTP model server on a free local port; each test sets how it answers.
let handler: Handler;
let requests = 0;
let server: http.Server;
let url: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (chunk) => (raw += chunk));
    req.on("end", () => {
      requests++;
      handler(JSON.parse(raw), res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/score`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const model = { name: "newsroom-bert", version: "2.1" };
const json = (res: http.ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
};
const echo: Handler = (body, res) =>
  json(res, 200, {
    model,
    scores: body.texts.map((t) => ({
      sentiment: 0.2,
      incivility: t.includes("idiot") ? 0.9 : 0.1,
      attributes: { insult: t.includes("idiot") ? 0.9 : 0 },
      spans: t.includes("idiot") ? [{ start: t.indexOf("idiot"), end: t.indexOf("idiot") + 5, attribute: "insult", weight: 0.9 }] : [],
    })),
  });

describe("http scoring provider", () => {
  it("posts texts in batches and records the configured model", async () => {
    handler = echo;
    requests = 0;
    const scorer = httpScorer({ url, model, batchSize: 2 });
    const scores = await scorer.scoreTexts(["hello", "you idiot", "third text"]);
    expect(requests).toBe(2);
    expect(scorer.model).toEqual(model);
    expect(scores.map((s) => s.incivility)).toEqual([0.1, 0.9, 0.1]);
    expect(scores[1]).toMatchObject({
      sentimentLabel: "positive",
      attributes: { insult: 0.9, profanity: 0, threat: 0, identityAttack: 0, hostility: 0, shouting: 0 },
      spans: [{ start: 4, end: 9, attribute: "insult", weight: 0.9 }],
    });
  });

  it("retries a server error and succeeds", async () => {
    requests = 0;
    handler = (body, res) => (requests === 1 ? json(res, 503, { error: "warming up" }) : echo(body, res));
    const scores = await httpScorer({ url, model, retries: 2 }).scoreTexts(["hello"]);
    expect(requests).toBe(2);
    expect(scores).toHaveLength(1);
  });

  it("gives up with a clear error when the server stays down, is slow, or is gone", async () => {
    handler = (_, res) => json(res, 500, { error: "boom" });
    await expect(httpScorer({ url, model, retries: 1 }).scoreTexts(["x"])).rejects.toThrow(
      /scoring server http:\/\/127\.0\.0\.1:\d+ is unavailable: HTTP 500 \(after 2 attempts\)/,
    );
    handler = (body, res) => setTimeout(() => echo(body, res), 1000);
    await expect(httpScorer({ url, model, retries: 0, timeoutMs: 100 }).scoreTexts(["x"])).rejects.toThrow(/no answer within 100 ms/);
    const gone = http.createServer();
    await new Promise<void>((resolve) => gone.listen(0, "127.0.0.1", resolve));
    const port = (gone.address() as AddressInfo).port;
    await new Promise<void>((resolve) => gone.close(() => resolve()));
    const error = await httpScorer({ url: `http://127.0.0.1:${port}/`, model, retries: 0 }).scoreTexts(["x"]).catch((e) => e);
    expect(error).toBeInstanceOf(ScoringProviderError);
    expect(error.status).toBe(503);
    expect(error.message).toMatch(/is unavailable: fetch failed/);
  });

  it("does not retry a refusal, and refuses answers that break the contract", async () => {
    requests = 0;
    handler = (_, res) => json(res, 400, { error: "bad request" });
    await expect(httpScorer({ url, model, retries: 3 }).scoreTexts(["x"])).rejects.toThrow(/HTTP 400/);
    expect(requests).toBe(1);
    handler = (_, res) => json(res, 200, { scores: [{ sentiment: 0, incivility: 7 }] });
    await expect(httpScorer({ url, model }).scoreTexts(["x"])).rejects.toThrow(/broke the contract: scores\.0\.incivility/);
    handler = (_, res) => json(res, 200, { scores: [] });
    await expect(httpScorer({ url, model }).scoreTexts(["x"])).rejects.toThrow(/returned 0 scores for 1 texts/);
    handler = (_, res) => json(res, 200, { model: { name: "other", version: "1" }, scores: [{ sentiment: 0, incivility: 0 }] });
    await expect(httpScorer({ url, model }).scoreTexts(["x"])).rejects.toThrow(/runs other 1, but the settings name newsroom-bert 2\.1/);
    handler = (_, res) => json(res, 200, { scores: [{ sentiment: 0, incivility: 0, spans: [{ start: 0, end: 50, attribute: "insult", weight: 1 }] }] });
    await expect(httpScorer({ url, model }).scoreTexts(["x"])).rejects.toThrow(/span 0–50 lies outside the 1-character text/);
    // "😠 idiot": a server counting code points puts "idiot" at 2–7; in UTF-16 units it is 3–8, and 2 splits the emoji.
    handler = (_, res) => json(res, 200, { scores: [{ sentiment: 0, incivility: 0.9, spans: [{ start: 1, end: 7, attribute: "insult", weight: 1 }] }] });
    await expect(httpScorer({ url, model }).scoreTexts(["😠 idiot"])).rejects.toThrow(/span 1–7 cuts a character in two: offsets must count UTF-16 code units/);
    handler = (_, res) => json(res, 200, { scores: [{ sentiment: 0, incivility: 0.9, spans: [{ start: 3, end: 8, attribute: "insult", weight: 1 }] }] });
    expect((await httpScorer({ url, model }).scoreTexts(["😠 idiot"]))[0]!.spans).toEqual([{ start: 3, end: 8, attribute: "insult", weight: 1 }]);
    handler = (_, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end("<html>");
    };
    await expect(httpScorer({ url, model }).scoreTexts(["x"])).rejects.toThrow(/not JSON/);
    // A refusal is one attempt, and says so.
    handler = (_, res) => json(res, 400, { error: "bad request" });
    await expect(httpScorer({ url, model, retries: 3 }).scoreTexts(["x"])).rejects.toThrow(/HTTP 400 \(after 1 attempt\)/);
  });

  it("refuses answers too large to store or read: spans without end, weights out of range", async () => {
    const one = (extra: object) => (_: unknown, res: http.ServerResponse) => json(res, 200, { scores: [{ sentiment: 0, incivility: 0.5, ...extra }] });
    handler = one({ spans: Array.from({ length: 1001 }, () => ({ start: 0, end: 1, attribute: "insult", weight: 0.5 })) });
    await expect(httpScorer({ url, model }).scoreTexts(["x"])).rejects.toThrow(/broke the contract: scores\.0\.spans/);
    handler = one({ spans: [{ start: 0, end: 1, attribute: "insult", weight: -5e300 }] });
    await expect(httpScorer({ url, model }).scoreTexts(["x"])).rejects.toThrow(/broke the contract: scores\.0\.spans\.0\.weight/);
    handler = one({ spans: [{ start: 0, end: 1, attribute: "insult", weight: 1.5 }] });
    await expect(httpScorer({ url, model }).scoreTexts(["x"])).rejects.toThrow(/broke the contract: scores\.0\.spans\.0\.weight/);
    // A sentiment span's weight is a signed contribution.
    handler = one({ spans: [{ start: 0, end: 1, attribute: "sentiment", weight: -1.5 }] });
    expect((await httpScorer({ url, model }).scoreTexts(["x"]))[0]!.spans).toEqual([{ start: 0, end: 1, attribute: "sentiment", weight: -1.5 }]);
  });

  it("tries again when the answer's body stalls past the timeout, not only its headers", async () => {
    requests = 0;
    handler = (body, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      // The headers at once, the body never (first try), then a whole answer.
      if (requests === 1) return res.write('{"scores": [');
      res.end(JSON.stringify({ scores: body.texts.map(() => ({ sentiment: 0, incivility: 0.2 })) }));
    };
    const scores = await httpScorer({ url, model, timeoutMs: 300, retries: 1 }).scoreTexts(["x"]);
    expect(scores.map((s) => s.incivility)).toEqual([0.2]);
    expect(requests).toBe(2);
  });
});
