import fs from "node:fs";
import { megabytes } from "@/lib/megabytes";
import fsp from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { z } from "zod";
import { dbText } from "@/lib/zod-fields";
import { Slots } from "@/lib/runtime/slots";
import { DomainError } from "@/lib/errors";
import { scoringPaused } from "@/lib/scoring/lock";
import { FORMATS } from "./detect";
import { importFiles, type FileSummary, type ImportProgress, type Rejected } from "./import-files";

/** Maximum upload size in megabytes (`IMPORT_UPLOAD_MAX_MB`, default 200). Larger exports go through `npm run import`. */
export const uploadLimitSchema = z.coerce.number().positive().max(100_000).default(200);

export function uploadLimitBytes(env: Record<string, string | undefined> = process.env): number {
  return Math.floor(uploadLimitSchema.parse(env.IMPORT_UPLOAD_MAX_MB || undefined) * 1024 * 1024);
}

export const uploadQuerySchema = z.object({
  name: dbText.trim().min(1, "name the uploaded file").max(255),
  format: z.enum(FORMATS).optional(),
});
export type UploadQuery = z.infer<typeof uploadQuerySchema>;

/** File types the Imports page takes, each also gzipped (`.xml.gz`). */
export const UPLOAD_EXTENSIONS = [".xml", ".json", ".jsonl", ".ndjson", ".csv", ".html", ".htm", ".txt"] as const;

/** Whether the upload's name is of a type the importer reads. */
export function isUploadType(name: string): boolean {
  const bare = name.toLowerCase().replace(/\.gz$/, "");
  return UPLOAD_EXTENSIONS.some((ext) => bare.endsWith(ext));
}

// Signatures of files people pick by mistake; exports are text (or gzipped text).
const BINARY_SIGNATURES: [string, number[]][] = [
  ["a ZIP archive", [0x50, 0x4b, 0x03, 0x04]],
  ["a PDF document", [0x25, 0x50, 0x44, 0x46, 0x2d]],
  ["a PNG image", [0x89, 0x50, 0x4e, 0x47]],
  ["a JPEG image", [0xff, 0xd8, 0xff]],
  ["a GIF image", [0x47, 0x49, 0x46, 0x38]],
];

/**
 * Why the first bytes are not an export, or null. Gzip is told by its magic bytes
 * whatever the name says (the importer unpacks it), so only other binaries are refused.
 */
export function contentMismatch(name: string, head: Uint8Array): string | null {
  const found = BINARY_SIGNATURES.find(([, sig]) => sig.every((b, i) => head[i] === b))?.[0];
  return found ? `${name} is ${found}, not a comment export` : null;
}

export class UnsupportedUploadError extends DomainError {
  constructor(message: string) {
    super(message, 415);
  }
}

export class UploadTooLargeError extends DomainError {
  constructor(limit: number) {
    super(`the file is larger than the upload limit of ${megabytes(limit)} (IMPORT_UPLOAD_MAX_MB); import it with npm run import instead`, 413);
  }
}

/** What can be refused before a byte is read: the type by its name, the size the client declared. */
export function checkUpload(query: UploadQuery, declaredLength: number | null, limit = uploadLimitBytes()): void {
  if (!isUploadType(query.name)) {
    throw new UnsupportedUploadError(`${query.name}: the Imports page takes ${UPLOAD_EXTENSIONS.join(", ")} files, each optionally gzipped (.gz)`);
  }
  if (declaredLength !== null && declaredLength > limit) throw new UploadTooLargeError(limit);
}

/** Bytes a file name may take on common file systems (ext4, APFS, NTFS take 255). */
const NAME_BYTES = 255;

/**
 * The name an upload is spooled under, which a saved page without a headline is titled and keyed
 * by. Only the base name is kept, so a crafted name cannot write outside the folder. ASCII other
 * than letters, digits, `_ . - ` and space becomes `_` as it always has (keys of earlier imports
 * must not move); so do invisible and control characters. Letters, digits and symbols of other
 * scripts stay: turned into `_`, every page named in Cyrillic or Japanese got the same key.
 */
export function spoolName(name: string): string {
  // Names in the Latin script keep the form earlier versions spooled them under (every character
  // outside ASCII letters, digits, `_ . -` and space as `_`: "Café 2024" as "Caf_ 2024"), so a
  // page keyed by its name re-imports onto its thread. Names with letters of other scripts are
  // spooled as written: that form reduced them to nothing or to a few characters shared with
  // other names ("Статья 2024" and "Новости 2024" both to "_ 2024"); one that also held Latin
  // letters ("Ωmega report") is keyed anew once.
  const legacy = path.basename(name).replace(/[^\w.\- ]+/g, "_");
  const otherScript = /(?![\p{Script=Latin}\p{Script=Common}\p{Script=Inherited}])\p{L}/u.test(name);
  if (!otherScript && /[A-Za-z0-9]/.test(legacy.replace(/(?:\.[\w-]{1,16}){1,2}$/, ""))) return legacy;
  const safe = path
    .basename(name)
    .normalize("NFC")
    .replace(/(?:(?![\w.\- ])[\x00-\x7f]|[\p{C}\p{Zl}\p{Zp}])+/gu, "_");
  if (!safe) return "upload";
  if (Buffer.byteLength(safe) <= NAME_BYTES) return safe;
  // Only a name of multi-byte characters gets here (the query takes 255 characters): shorten its stem.
  // The extensions (`.xml.gz`) say the format: they stay whole.
  const ext = safe.match(/(?:\.[\w-]{1,16}){1,2}$/)?.[0] ?? "";
  const stem = Array.from(safe.slice(0, safe.length - ext.length));
  while (stem.length && Buffer.byteLength(stem.join("") + ext) > NAME_BYTES) stem.pop();
  return stem.join("") + ext;
}

export type UploadResult = { ok: true; summary: FileSummary } | { ok: false; rejected: Rejected };

/**
 * Uploads imported at once by one web server. Each may spool 200 MB to disk and hold a
 * whole-file format's text in memory, on the server every moderator uses: more wait their turn
 * (429), and larger work goes to `npm run import -- --background`, which a worker runs.
 */
export const UPLOADS_AT_ONCE = 2;

export class UploadsBusyError extends DomainError {
  constructor() {
    super(`${UPLOADS_AT_ONCE} uploads are being imported on this server already; try again when one has finished`, 429);
  }
}

const uploads = new Slots(() => UPLOADS_AT_ONCE, () => new UploadsBusyError());

/** Uploads being imported by this server now. */
export const uploadsInProgress = () => uploads.inUse;

/** An import waits for a change of the scoring model to finish: an upload is told at once instead (409). */
export async function checkScoringNotPaused(): Promise<void> {
  if (await scoringPaused()) {
    throw new DomainError(
      "a change of the scoring model is running (a calibration, a return to the shipped model or a switch of profile); upload the file when it has finished",
      409,
    );
  }
}

/** Refuses early (before a streamed answer starts) when no upload can start now. */
export function checkUploadSlot(): void {
  uploads.check();
}

/**
 * Imports one uploaded file through the same importer as the command line: the
 * request body streams to a private temporary file (refused past the size limit
 * before anything is imported), the run is recorded under the uploader and the
 * file's own name, and the temporary copy is removed afterwards.
 */
export async function importUpload(
  body: WebReadableStream<Uint8Array> | ReadableStream<Uint8Array> | null,
  declaredLength: number | null,
  query: UploadQuery,
  userId: number,
  options: { limit?: number; onProgress?: (p: ImportProgress) => void; signal?: AbortSignal } = {},
): Promise<UploadResult> {
  const limit = options.limit ?? uploadLimitBytes();
  checkUpload(query, declaredLength, limit);
  if (!body) throw new DomainError("the upload is empty", 422);
  await checkScoringNotPaused();
  const release = uploads.take();
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), "cdk-upload-")).catch((err: Error) => {
    release();
    throw err;
  });
  try {
    // The name keeps its extension for format detection; the bundler need not trace this runtime path.
    const file = path.join(/* turbopackIgnore: true */ dir, spoolName(query.name));
    let received = 0;
    let head = Buffer.alloc(0);
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        if (head.length < 8) head = Buffer.concat([head, chunk.subarray(0, 8)]);
        received += chunk.length;
        done(received > limit ? new UploadTooLargeError(limit) : null, chunk);
      },
    });
    await pipeline(Readable.fromWeb(body as WebReadableStream<Uint8Array>), counter, fs.createWriteStream(file, { mode: 0o600 }));
    if (received === 0) throw new DomainError("the upload is empty", 422);
    const mismatch = contentMismatch(query.name, head);
    if (mismatch) throw new UnsupportedUploadError(mismatch);
    const summary = await importFiles([file], { userId, format: query.format, displayNames: { [file]: query.name }, onProgress: options.onProgress, signal: options.signal });
    const rejected = summary.rejected[0];
    if (rejected) return { ok: false, rejected };
    return { ok: true, summary: summary.perFile[0]! };
  } finally {
    release();
    await fsp.rm(dir, { recursive: true, force: true });
  }
}
