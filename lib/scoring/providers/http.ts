import { z } from "zod";
import { DomainError } from "@/lib/errors";
import { readTextUpTo } from "@/lib/http";
import { ATTRIBUTES, type Attribute, type CommentScore, type ModelInfo, type Scorer } from "../types";

/** Where and how to reach a newsroom's own model server. */
export const httpProviderSchema = z.object({
  url: z.string().url(),
  /** Name and version recorded with every score; the server must report the same. */
  model: z.object({ name: z.string().min(1).max(100), version: z.string().min(1).max(100) }),
  timeoutMs: z.number().int().min(100).max(300_000).default(10_000),
  retries: z.number().int().min(0).max(10).default(2),
  batchSize: z.number().int().min(1).max(5_000).default(64),
});
export type HttpProviderConfig = z.input<typeof httpProviderSchema>;

/** The model server is unreachable, too slow, or answered something unusable. */
export class ScoringProviderError extends DomainError {
  constructor(message: string) {
    super(message, 503);
  }
}

/** Most spans taken per text: more is not evidence a moderator can read, and each is stored. */
const MAX_SPANS = 1_000;
/** Largest answer read: a batch of 5,000 long texts with spans stays well under it. */
const MAX_ANSWER_BYTES = 64 * 1024 * 1024;

const spanSchema = z
  .object({
    start: z.number().int().min(0),
    end: z.number().int().min(0),
    attribute: z.enum([...ATTRIBUTES, "sentiment"]),
    // A probability for incivility attributes; a signed contribution (within the builtin's scale) for sentiment.
    weight: z.number().min(-10).max(10),
  })
  .refine((s) => s.attribute === "sentiment" || (s.weight >= 0 && s.weight <= 1), { message: "an incivility span's weight must be 0..1", path: ["weight"] });

const scoreSchema = z.object({
  sentiment: z.number().min(-1).max(1),
  sentimentLabel: z.enum(["negative", "neutral", "positive"]).optional(),
  incivility: z.number().min(0).max(1),
  attributes: z.partialRecord(z.enum(ATTRIBUTES), z.number().min(0).max(1)).optional(),
  spans: z.array(spanSchema).max(MAX_SPANS).optional(),
});

const responseSchema = z.object({
  model: z.object({ name: z.string(), version: z.string() }).optional(),
  scores: z.array(scoreSchema),
});

/** Labels for servers that send only a value, with the builtin's neutral band. */
const NEUTRAL_BAND = 0.1;
const RETRY_BASE_MS = 250;

function toCommentScore(raw: z.infer<typeof scoreSchema>, text: string, index: number): CommentScore {
  const attributes = Object.fromEntries(ATTRIBUTES.map((a) => [a, raw.attributes?.[a] ?? 0])) as Record<Attribute, number>;
  for (const span of raw.spans ?? []) {
    if (span.end <= span.start || span.end > text.length) {
      throw new ScoringProviderError(`text ${index + 1}: span ${span.start}–${span.end} lies outside the ${text.length}-character text`);
    }
    // Offsets count UTF-16 code units (as JavaScript strings do); a server counting code points splits emoji.
    if (splitsCharacter(text, span.start) || splitsCharacter(text, span.end)) {
      throw new ScoringProviderError(
        `text ${index + 1}: span ${span.start}–${span.end} cuts a character in two: offsets must count UTF-16 code units, not code points`,
      );
    }
  }
  const label = raw.sentimentLabel ?? (raw.sentiment > NEUTRAL_BAND ? "positive" : raw.sentiment < -NEUTRAL_BAND ? "negative" : "neutral");
  return { sentiment: raw.sentiment, sentimentLabel: label, incivility: raw.incivility, attributes, spans: raw.spans ?? [] };
}

/** Whether offset `at` falls between the two halves of a surrogate pair. */
function splitsCharacter(text: string, at: number): boolean {
  const low = text.charCodeAt(at);
  const high = text.charCodeAt(at - 1);
  return low >= 0xdc00 && low <= 0xdfff && high >= 0xd800 && high <= 0xdbff;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A scorer that POSTs batches to a model server (contract in the model card):
 * request `{ model, texts }`, answer `{ model?, scores: [...] }` in the same order.
 * Network errors, timeouts, 429 and 5xx are retried with exponential backoff;
 * anything else, or running out of retries, is a ScoringProviderError that names
 * the server and the cause.
 */
export function httpScorer(config: HttpProviderConfig, fetchImpl: typeof fetch = fetch): Scorer {
  const c = httpProviderSchema.parse(config);
  const model: ModelInfo = c.model;
  const where = new URL(c.url).origin;

  async function post(texts: readonly string[]): Promise<unknown> {
    let lastError = "";
    let attempts = 0;
    for (let attempt = 0; attempt <= c.retries; attempt++) {
      if (attempt > 0) await sleep(RETRY_BASE_MS * 2 ** (attempt - 1));
      let response: Response;
      try {
        response = await fetchImpl(c.url, {
          method: "POST",
          headers: { "content-type": "application/json", accept: "application/json" },
          body: JSON.stringify({ model, texts }),
          signal: AbortSignal.timeout(c.timeoutMs),
        });
      } catch (err) {
        const e = err as Error;
        attempts++;
        lastError = e.name === "TimeoutError" ? `no answer within ${c.timeoutMs} ms` : `${e.message}${e.cause ? ` (${(e.cause as Error).message ?? e.cause})` : ""}`;
        continue;
      }
      attempts++;
      if (response.ok) {
        let body: string;
        try {
          body = await readTextUpTo(response, MAX_ANSWER_BYTES, () => new ScoringProviderError(`scoring server ${where} answered more than ${MAX_ANSWER_BYTES / 1024 / 1024} MB`));
        } catch (err) {
          // The headers came in time but the answer did not: as slow as no answer, so tried again.
          if ((err as Error).name === "TimeoutError") {
            lastError = `no whole answer within ${c.timeoutMs} ms`;
            continue;
          }
          throw err instanceof ScoringProviderError ? err : new ScoringProviderError(`scoring server ${where} broke off its answer: ${(err as Error).message}`);
        }
        try {
          return JSON.parse(body);
        } catch {
          throw new ScoringProviderError(`scoring server ${where} answered with something that is not JSON`);
        }
      }
      lastError = `HTTP ${response.status}`;
      await response.body?.cancel();
      if (response.status !== 429 && response.status < 500) break;
    }
    throw new ScoringProviderError(`scoring server ${where} is unavailable: ${lastError} (after ${attempts} attempt${attempts === 1 ? "" : "s"})`);
  }

  return {
    model,
    async scoreTexts(texts) {
      const scores: CommentScore[] = [];
      for (let i = 0; i < texts.length; i += c.batchSize) {
        const batch = texts.slice(i, i + c.batchSize);
        const parsed = responseSchema.safeParse(await post(batch));
        if (!parsed.success) {
          const issue = parsed.error.issues[0]!;
          throw new ScoringProviderError(`scoring server ${where} broke the contract: ${issue.path.join(".") || "body"} ${issue.message}`);
        }
        const { scores: got, model: reported } = parsed.data;
        if (got.length !== batch.length) {
          throw new ScoringProviderError(`scoring server ${where} returned ${got.length} scores for ${batch.length} texts`);
        }
        if (reported && (reported.name !== model.name || reported.version !== model.version)) {
          throw new ScoringProviderError(
            `scoring server ${where} runs ${reported.name} ${reported.version}, but the settings name ${model.name} ${model.version}`,
          );
        }
        got.forEach((raw, k) => scores.push(toCommentScore(raw, batch[k]!, i + k)));
      }
      return scores;
    },
  };
}
