import type { PoolClient } from "pg";
import { pool } from "@/lib/db";
import { activeScorer, holdScorerShared, loadActiveScorer, scoreComments, type StoredScore } from "@/lib/scoring";
import { waitWhileScoringPaused } from "@/lib/scoring/lock";
import { flagCandidate, flagScored, loadFlagRules, type FlagCandidate } from "@/lib/moderation/flag";
import { updatePriorities } from "@/lib/moderation/priority";
import type { ParseEvent, ParsedComment, ParsedThread, SourceInfo } from "./types";
import { Stage } from "./stage";
import { SourceWriter, type Orphan, type WriteCounts } from "./writer";

export type StoreProgress = {
  phase: "reading" | "writing" | "scoring";
  /** Comments read so far (reading) or processed in this phase. */
  done: number;
  /** Comments in the phase, when known. */
  total?: number;
};

export type StoreOptions = {
  /** Names the source of every comment (`--source`), whatever the file says. */
  sourceOverride?: string;
  /** The source when the parser names none. */
  defaultSource: SourceInfo;
  /** Held as a transaction-scoped advisory lock: an import run whose lock is free has died. */
  runId?: number;
  onProgress?: (progress: StoreProgress) => void;
  /** Comments scored and flagged per step (tests use small steps to cross step boundaries). */
  scoreChunk?: number;
  /** Stops the import at its next record or step, rolling back all of it (an upload cancelled). */
  signal?: AbortSignal;
};

export type StoreResult = WriteCounts & {
  /** Comments stored or found unchanged (orphans and repeated ids excluded). */
  comments: number;
  threads: number;
  /** Earlier copies of an id repeated within the file. */
  skipped: number;
  orphans: number;
  /** The first orphans, for the import record. */
  orphanList: Orphan[];
  scored: number;
  /** Put in the review queue (or rejected by a banned term) by this import; `unflagged`: taken out of it (an edit the rules no longer flag). */
  flagged: number;
  unflagged: number;
  missingParents: number;
  notes: string[];
  /** Wall-clock milliseconds per phase of this file's transaction: where an import spends its time. */
  phaseMs: Record<IngestPhase, number>;
};

const INGEST_PHASES = ["parseAndStage", "threads", "commenters", "comments", "parents", "score", "flag", "rank", "words", "commit"] as const;
export type IngestPhase = (typeof INGEST_PHASES)[number];

/** Advisory-lock class for import runs (the object id is the run id). */
export const RUN_LOCK_CLASS = 0x1d5e;
const SCORE_CHUNK = 10_000;
// Scoring reads the texts of a chunk at once: long comments make smaller chunks, so memory stays bounded.
const SCORE_CHUNK_CHARS = 8_000_000;
const ORPHANS_LISTED = 200;
const TEMP_BUFFERS = "256MB";
const INVALID_PARAMETER_VALUE = "22023";
const RANK_SLICE = 100_000;
// Rows without a `sourceKey` belong to the file's own source, known only once the parser is done.
const MAIN = "";

function mergeThread(previous: ParsedThread | undefined, next: ParsedThread): ParsedThread {
  if (!previous) return next;
  return {
    key: next.key,
    title: next.title || previous.title,
    url: next.url ?? previous.url ?? null,
    publishedAt: next.publishedAt ?? previous.publishedAt ?? null,
    closed: next.closed ?? previous.closed,
  };
}

/** The changed comments in chunks of at most `size` comments and SCORE_CHUNK_CHARS characters of text. */
async function* scoreChunks(client: PoolClient, changed: readonly number[], size: number): AsyncGenerator<number[]> {
  for (let i = 0; i < changed.length; i += size) {
    const { rows } = await client.query<{ id: number; chars: number }>(
      "SELECT id, length(body) + coalesce(length(body_html), 0) AS chars FROM comment WHERE id = ANY($1::int[]) ORDER BY id",
      [changed.slice(i, i + size)],
    );
    let chunk: number[] = [];
    let chars = 0;
    for (const row of rows) {
      if (chunk.length && chars + row.chars > SCORE_CHUNK_CHARS) {
        yield chunk;
        [chunk, chars] = [[], 0];
      }
      chunk.push(row.id);
      chars += row.chars;
    }
    if (chunk.length) yield chunk;
  }
}

/**
 * A large import's temporary tables (the staged file, its pending words) outgrow
 * PostgreSQL's default 8 MB of session buffers for them, and each read of a page beyond
 * them goes to the operating system. The setting is taken only before a session's first
 * temporary table: a pooled connection that already used one keeps what it has, which
 * changes speed, not results.
 */
async function roomForWorkTables(client: PoolClient): Promise<void> {
  try {
    await client.query(`SET temp_buffers = '${TEMP_BUFFERS}'`);
  } catch (err) {
    if ((err as { code?: string }).code !== INVALID_PARAMETER_VALUE) throw err;
  }
}

async function createWorkTables(client: PoolClient): Promise<Stage> {
  await client.query(
    `CREATE TEMP TABLE ingest_thread_map (source_key text, ref text, thread_id int, PRIMARY KEY (source_key, ref)) ON COMMIT DROP`,
  );
  await client.query("CREATE TEMP TABLE ingest_changed (id int PRIMARY KEY) ON COMMIT DROP");
  await client.query("CREATE TEMP TABLE ingest_rewritten (id int PRIMARY KEY) ON COMMIT DROP");
  await client.query("CREATE TEMP TABLE ingest_moved (id int PRIMARY KEY) ON COMMIT DROP");
  // The word rollup is grouped once before commit instead of once per batch of scores.
  await client.query("SELECT rollup_defer_words()");
  return Stage.create(client);
}

/**
 * Stores one file's parse events in one transaction: comments staged in batches
 * while the file streams, then threads (matched by key or canonical URL),
 * commenters and comments written set-based, parents linked, and every new or
 * changed comment scored and flagged. All of it or nothing: a crash or a
 * rejection mid-file leaves the database as it was.
 */
export async function storeEvents(events: AsyncIterable<ParseEvent>, options: StoreOptions): Promise<StoreResult> {
  const client = await pool.connect();
  const progress = options.onProgress ?? (() => {});
  let stage: Stage | undefined;
  try {
    await roomForWorkTables(client);
    await client.query("BEGIN");
    if (options.runId !== undefined) await client.query("SELECT pg_advisory_xact_lock($1, $2)", [RUN_LOCK_CLASS, options.runId]);
    stage = await createWorkTables(client);
    const phaseMs = Object.fromEntries(INGEST_PHASES.map((phase) => [phase, 0])) as Record<IngestPhase, number>;
    let mark = performance.now();
    let committed = false;
    const lap = (phase: IngestPhase) => {
      const now = performance.now();
      phaseMs[phase] += Math.round(now - mark);
      mark = now;
      // Once committed, the file is stored: a cancel arriving then changes nothing.
      if (!committed) options.signal?.throwIfAborted();
    };
    const threads = new Map<string, Map<string, ParsedThread>>();
    const keep = new Map<string, Set<string>>();
    const notes: string[] = [];
    let main: SourceInfo = options.defaultSource;
    let read = 0;

    for await (const event of events) {
      options.signal?.throwIfAborted();
      if (event.type === "source") main = event.source;
      else if (event.type === "note") notes.push(event.message);
      else {
        const key = options.sourceOverride ? MAIN : (event.sourceKey ?? MAIN);
        if (event.type === "thread") {
          if (!threads.has(key)) threads.set(key, new Map());
          const map = threads.get(key)!;
          map.set(event.thread.key, mergeThread(map.get(event.thread.key), event.thread));
          if (event.keep) (keep.get(key) ?? keep.set(key, new Set()).get(key)!).add(event.thread.key);
        } else {
          await stage.add({ comment: event.comment, sourceKey: key, line: event.line });
          if (++read % 5000 === 0) progress({ phase: "reading", done: read });
        }
      }
    }
    const skipped = await stage.dropRepeats();
    // Once the file is read (staged in this session's own tables) and before anything is written:
    // an import never waits for a change of the model while holding the rows it wrote (decisions
    // on them would wait too), nor keeps a change waiting while it reads a large file. A change that
    // began while the file was read is waited for here, inside the transaction.
    await holdScorerShared(client);
    lap("parseAndStage");
    const staged = stage.size;
    progress({ phase: "reading", done: staged });
    if (skipped) notes.push(`${skipped} records repeat an id seen earlier in the file: the last copy of each was kept`);
    if (stage.selfReplyCount) {
      const n = stage.selfReplyCount;
      notes.push(n === 1
        ? "1 comment names itself as its parent: it was stored as a top-level comment"
        : `${n} comments name themselves as their parent: they were stored as top-level comments`);
    }
    if (options.sourceOverride) main = { key: options.sourceOverride, name: options.sourceOverride, platform: main.platform };

    const { rows: stageKeys } = await client.query<{ key: string }>("SELECT DISTINCT source_key AS key FROM ingest_stage");
    const keys = [...new Set([...stageKeys.map((r) => r.key), ...keep.keys()])].sort();
    const result: StoreResult = {
      inserted: 0, updated: 0, unchanged: 0, comments: 0, threads: 0, skipped, orphans: 0, orphanList: [],
      scored: 0, flagged: 0, unflagged: 0, missingParents: 0, notes, phaseMs,
    };
    const changed: number[] = [];
    const total = staged - skipped;
    for (const key of keys) {
      const info = key === MAIN ? main : { key, name: key, platform: main.platform };
      const writer = await SourceWriter.begin(client, info, key);
      await writer.writeThreads(threads.get(key) ?? new Map(), keep.get(key) ?? new Set());
      const orphans = await writer.orphans(ORPHANS_LISTED - result.orphanList.length);
      result.orphans += orphans.count;
      result.orphanList.push(...orphans.list);
      lap("threads");
      await writer.writeCommenters();
      lap("commenters");
      const before = changed.length + result.unchanged;
      for (const id of await writer.writeComments((done) => progress({ phase: "writing", done: before + done, total }))) {
        changed.push(id);
      }
      lap("comments");
      result.missingParents += await writer.linkParents();
      lap("parents");
      result.threads += writer.threads;
      result.inserted += writer.counts.inserted;
      result.updated += writer.counts.updated;
      result.unchanged += writer.counts.unchanged;
    }
    result.comments = result.inserted + result.updated + result.unchanged;
    if (result.missingParents) notes.push(`${result.missingParents} replies name a parent that is not in the data (or is in another thread)`);

    const scorer = activeScorer();
    // Other models' scores (kept beside the active one's, for comparing versions) judged a text that
    // is gone: they go, as an erasure's do, and the comment counts as unscored by those models until a
    // rescore with them. Kept, Insights under such a version counted the new words as that verdict's.
    // The active model scores the new text below.
    // Read from the settings (under the shared scorer lock): this process's cached model may be stale.
    const active = (await loadActiveScorer(client)).model;
    await client.query(
      "DELETE FROM score s USING ingest_rewritten r WHERE s.comment_id = r.id AND (s.model, s.model_version) <> ($1, $2)",
      [active.name, active.version],
    );
    let done = 0;
    const toRank: number[] = [];
    const rules = await loadFlagRules(client);
    // In id order, as rescores score: their score rows are then locked in one order, never in a cycle.
    changed.sort((a, b) => a - b);
    for await (const ids of scoreChunks(client, changed, options.scoreChunk ?? SCORE_CHUNK)) {
      // Flagged from the texts and scores in hand (word lists matched as each batch is
      // stored, so the texts are not kept): only the moderation state is read back.
      const candidates: FlagCandidate[] = [];
      const keep = (batch: readonly StoredScore[]) => {
        for (const stored of batch) candidates.push(flagCandidate(stored, rules));
      };
      result.scored += await scoreComments(ids, { scorer, client, onStored: keep });
      lap("score");
      const outcome = await flagScored(candidates, rules, client);
      result.flagged += outcome.flagged;
      result.unflagged += outcome.unflagged;
      for (const id of outcome.toRank) toRank.push(id);
      lap("flag");
      done += ids.length;
      progress({ phase: "scoring", done, total: changed.length });
    }
    // Ranked once the whole file is scored: a thread's heat then counts all of its comments,
    // and each thread and commenter is looked at once per slice rather than once per chunk.
    for (let i = 0; i < toRank.length; i += RANK_SLICE) {
      await updatePriorities(toRank.slice(i, i + RANK_SLICE), scorer.model, client);
    }
    lap("rank");
    await client.query("SELECT rollup_flush_words()");
    lap("words");
    // Marked done with the data: the run's lock goes with the commit, and until the counts are
    // recorded after it, another instance would otherwise take the run for one that died.
    if (options.runId !== undefined) {
      await client.query("UPDATE import_run SET status = 'succeeded', finished_at = now() WHERE id = $1", [options.runId]);
    }
    await client.query("COMMIT");
    committed = true;
    lap("commit");
    return result;
  } catch (err) {
    // A staged batch may still be in flight when the parser rejects the file.
    await stage?.settle().catch(() => {});
    await client.query("ROLLBACK").catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}

export type StoreInput = {
  source: SourceInfo;
  threads: readonly ParsedThread[];
  comments: Iterable<ParsedComment> | AsyncIterable<ParsedComment>;
};

async function* inputEvents(input: StoreInput): AsyncGenerator<ParseEvent> {
  yield { type: "source", source: input.source };
  for (const thread of input.threads) yield { type: "thread", thread, keep: true };
  let line = 0;
  for await (const comment of input.comments) yield { type: "comment", comment, line: ++line };
}

/**
 * Stores comments that are already parsed (generated demo data, tests) through
 * the same transaction as file imports.
 */
export async function storeComments(input: StoreInput, options: Pick<StoreOptions, "scoreChunk" | "runId"> = {}): Promise<StoreResult> {
  // As file imports do before recording their run (importFiles): outside any transaction, holding no connection.
  await waitWhileScoringPaused();
  return storeEvents(inputEvents(input), { ...options, defaultSource: input.source });
}
