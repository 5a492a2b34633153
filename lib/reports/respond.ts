import "server-only";
import { Readable } from "node:stream";
import type { PublicUser } from "@/lib/auth/users";
import { CONTENT_TYPES, exportChunks, reportFileName, toReadableStream } from "./export";
import { openReportExportFile } from "./export-jobs";
import { reportRequestFromSearch, type ReportFormat } from "./filters";
import { renderPdfReport } from "./pdf/document";
import { getTimezone } from "@/lib/analytics/timezone";
import { DomainError } from "@/lib/errors";
import { poolSize } from "@/lib/db";
import { Slots } from "@/lib/runtime/slots";

/**
 * Answers a report download (CSV, JSON lines or PDF) from a request's query string,
 * streamed as it is produced. Invalid parameters throw a ZodError (422 in withRole).
 */
export async function reportResponse(request: Request, user: PublicUser, via: "ui" | "api", defaults: { format?: ReportFormat } = {}): Promise<Response> {
  const report = reportRequestFromSearch(new URL(request.url).searchParams, defaults);
  const headers = async () => ({
    "content-type": CONTENT_TYPES[report.format],
    "content-disposition": `attachment; filename="${reportFileName(report, new Date(), await getTimezone())}"`,
    "cache-control": "no-store",
    "x-content-type-options": "nosniff",
  });
  // Read first: a failure here (the time zone's query) has nothing started to end.
  const head = await headers();
  // A HEAD's body is never read nor cancelled: the report is not made at all.
  if (request.method === "HEAD") return new Response(null, { headers: head });
  const release = downloads.take();
  try {
    const audit = { userId: user.id, via };
    const source: AsyncGenerator<string | Uint8Array> =
      report.format === "pdf" ? renderPdfReport(report, { ...audit, who: user.email }) : exportChunks(report, audit);
    // A client gone before the body was piped never cancels it: the request's own signal ends the
    // report, also while its first chunks are still being made (a PDF's come after all its queries).
    let chunks: AsyncGenerator<string | Uint8Array> | undefined;
    request.signal.addEventListener("abort", () => void chunks?.return(undefined).catch(() => {}), { once: true });
    // A client that stops reading has its download cut, not left open with nothing more to come.
    const stalled = new AbortController();
    chunks = await startedChunks(source, release, { onStall: (err) => stalled.abort(err) });
    if (request.signal.aborted) {
      await chunks.return(undefined);
      throw new DomainError("the download was abandoned before it began", 400);
    }
    return new Response(toReadableStream(chunks, stalled.signal), { headers: head });
  } catch (err) {
    release();
    throw err;
  }
}

/**
 * Reports streamed by this server at once. A large one holds a database connection (and its
 * snapshot) until the download ends, however slowly the client reads: more at once would take
 * the connections every page of the newsroom needs. Past it, 429; background exports have no limit.
 */
export const DOWNLOADS_AT_ONCE = 4;

/** Four, or fewer on a small pool so that two connections stay for the pages (one download at least, whatever the pool). */
const downloads = new Slots(
  () => Math.max(1, Math.min(DOWNLOADS_AT_ONCE, poolSize() - 2)),
  (limit) =>
    new DomainError(
      `${limit} ${limit === 1 ? "report is" : "reports are"} being downloaded from this server already; try again when one has finished, or start a background export`,
      429,
    ),
);

/** Reports being streamed by this server now. */
export const downloadsInProgress = () => downloads.inUse;


/**
 * How long a download may go without asking for its next chunk before it is stopped (a chunk is a
 * row, or a PDF's few kilobytes): a client that stops reading would otherwise keep its place among the downloads, its database connection
 * and, for an export, a snapshot that holds back VACUUM across the whole database, for ever.
 */
export const DOWNLOAD_STALL_MS = 120_000;

/**
 * The first chunks read before the answer starts (a CSV's header and first row; a PDF's first
 * bytes, which come after all its queries): a database away at that moment is then a 503 with a
 * reason, not a connection cut before any status was sent. Later failures still cut the download,
 * which the browser shows as failed rather than short. A client that reads nothing for `stallMs`
 * has the report ended (its place and connection freed) and its download cut.
 */
export async function startedChunks<T>(
  chunks: AsyncGenerator<T>,
  onEnd: () => void,
  options: { ahead?: number; stallMs?: number; /** Told when a stall ended the report, to cut the response. */ onStall?: (err: Error) => void } = {},
): Promise<AsyncGenerator<T>> {
  const { ahead = 2, stallMs = DOWNLOAD_STALL_MS } = options;
  const stallError = () => new DomainError(`the download was stopped: nothing was read for ${Math.round(stallMs / 1000)} s`, 408);
  const first: T[] = [];
  let ended = false;
  try {
    for (let i = 0; i < ahead && !ended; i++) {
      const next = await chunks.next();
      if (next.done) ended = true;
      else first.push(next.value);
    }
  } catch (err) {
    await chunks.return(undefined).catch(() => {});
    throw err;
  }
  // An iterator written out, not a generator: a generator cancelled before its first read skips its
  // finally, which would leave the report's own generator (and the connection an export holds) open.
  let finished = false;
  const finish = async () => {
    if (finished) return;
    finished = true;
    clearTimeout(stall);
    // A client that leaves early ends the report's own generator (its run is recorded as cancelled).
    await chunks.return(undefined).finally(onEnd);
  };
  let stalled = false;
  let stall: NodeJS.Timeout | undefined;
  const awaitRead = () => {
    clearTimeout(stall);
    stall = setTimeout(() => {
      stalled = true;
      options.onStall?.(stallError());
      void finish().catch(() => {});
    }, stallMs);
    stall.unref();
  };
  const done = { value: undefined, done: true } as IteratorReturnResult<undefined>;
  const iterator: AsyncGenerator<T> = {
    async next() {
      clearTimeout(stall);
      // Cut, not ended: a short file must not look whole.
      if (stalled) throw stallError();
      if (first.length) {
        awaitRead();
        return { value: first.shift()!, done: false };
      }
      if (ended || finished) {
        await finish();
        return done;
      }
      try {
        const next = await chunks.next();
        if (next.done) await finish();
        else awaitRead();
        return next;
      } catch (err) {
        await finish().catch(() => {});
        throw err;
      }
    },
    async return() {
      await finish();
      return done;
    },
    async throw(err: unknown) {
      await finish();
      throw err;
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
    async [Symbol.asyncDispose]() {
      await finish();
    },
  };
  awaitRead();
  return iterator;
}

/**
 * Streams a finished background export to its requester (or an admin): 404 for anyone
 * else or no such job, 409 while it is not done, 410 once its file is no longer kept.
 */
export async function exportFileResponse(request: Request, id: string, user: PublicUser): Promise<Response> {
  const file = await openReportExportFile(id, user);
  const head = {
    "content-type": file.contentType,
    "content-length": String(file.bytes),
    "content-disposition": `attachment; filename="${file.fileName}"`,
    "cache-control": "no-store",
    "x-content-type-options": "nosniff",
  };
  // A HEAD's body, or one whose client left before it was piped, is never read nor cancelled: the
  // file would stay open until a garbage collection happened to close it.
  if (request.method === "HEAD" || request.signal.aborted) {
    file.stream.destroy();
    return new Response(null, { headers: head });
  }
  request.signal.addEventListener("abort", () => file.stream.destroy(), { once: true });
  return new Response(Readable.toWeb(file.stream) as ReadableStream<Uint8Array>, { headers: head });
}
