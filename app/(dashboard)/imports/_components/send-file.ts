import type { ImportStreamLine } from "@/app/api/imports/progress-stream";

/** Where an upload is: sending the bytes, then the importer's phases. */
export type UploadStage =
  | { stage: "sending"; sent: number; size: number }
  | { stage: "importing"; phase: "reading" | "writing" | "scoring"; done: number; total: number | null; bytesRead: number; bytesTotal: number };

/** The server's last word on an upload, or why there was none. */
export type UploadAnswer =
  | { type: "summary"; summary: unknown }
  | { type: "rejected"; rejected: { line: number; message: string } }
  | { type: "error"; status: number; error: string }
  | { type: "cancelled"; text: string };

/**
 * Sends one file to the importer and reports progress: bytes sent (XMLHttpRequest,
 * since fetch cannot report an upload's progress), then the JSON lines the server
 * streams while it imports. Resolves with the outcome line.
 */
export function sendFile(url: string, file: File, onStage: (s: UploadStage) => void, signal?: AbortSignal): Promise<UploadAnswer> {
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    let seen = 0;
    let outcome: UploadAnswer | null = null;
    const readLines = () => {
      const text = xhr.responseText;
      const end = text.lastIndexOf("\n") + 1;
      if (end <= seen) return;
      for (const raw of text.slice(seen, end).split("\n")) {
        if (!raw) continue;
        let line: ImportStreamLine;
        try {
          line = JSON.parse(raw) as ImportStreamLine;
        } catch {
          continue;
        }
        if (line.type === "progress") onStage({ stage: "importing", ...line });
        else outcome = line as UploadAnswer;
      }
      seen = end;
    };
    xhr.open("POST", url);
    xhr.setRequestHeader("content-type", "application/octet-stream");
    xhr.setRequestHeader("accept", "application/x-ndjson");
    xhr.upload.onprogress = (e) => onStage({ stage: "sending", sent: e.loaded, size: e.lengthComputable ? e.total : file.size });
    // Once the whole file is sent, a lost connection no longer means nothing was imported.
    let sent = false;
    xhr.upload.onload = () => {
      sent = true;
      onStage({ stage: "importing", phase: "reading", done: 0, total: null, bytesRead: 0, bytesTotal: file.size });
    };
    xhr.onprogress = () => {
      if (xhr.status === 200) readLines();
    };
    xhr.onload = () => {
      if (xhr.status !== 200) {
        let error = `the upload failed (${xhr.status})`;
        try {
          error = (JSON.parse(xhr.responseText) as { error?: string }).error ?? error;
        } catch {
          // not JSON: keep the status
        }
        resolve({ type: "error", status: xhr.status, error });
        return;
      }
      readLines();
      resolve(outcome ?? { type: "error", status: 0, error: "the server stopped answering before the import finished; see Imports for whether it was stored" });
    };
    xhr.onerror = () =>
      resolve({
        type: "error",
        status: 0,
        error: sent || seen > 0
          ? "the connection was lost during the import, which may still finish: see Recent runs before sending the file again"
          : "the upload did not reach the server; nothing was imported",
      });
    // Hanging up cancels the import on the server, which rolls it back at its next step.
    signal?.addEventListener("abort", () => {
      // The outcome already came (the import finished as Cancel was pressed): it stands.
      if (xhr.status === 200) readLines();
      if (outcome) return resolve(outcome);
      xhr.abort();
      resolve({
        type: "cancelled",
        text: sent
          ? "cancelled; the import stops and stores nothing, unless it had already finished (see Recent runs)"
          : "cancelled before it was sent; nothing was imported",
      });
    }, { once: true });
    xhr.send(file);
  });
}

const MB = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const PHASE = { reading: "reading", writing: "storing", scoring: "scoring" } as const;

/** The stage in words, and the fraction done when one can be told. */
export function describeStage(name: string, s: UploadStage): { text: string; fraction: number | null } {
  if (s.stage === "sending") {
    const fraction = s.size ? s.sent / s.size : 0;
    return { text: `Sending ${name}: ${Math.round(fraction * 100)}% of ${MB(s.size)}`, fraction };
  }
  if (s.phase === "reading") {
    const fraction = s.bytesTotal ? Math.min(1, s.bytesRead / s.bytesTotal) : null;
    const share = fraction === null ? "" : ` (${Math.round(fraction * 100)}% of the file)`;
    return { text: `Importing ${name}: reading, ${s.done.toLocaleString("en")} comments so far${share}`, fraction };
  }
  const fraction = s.total ? Math.min(1, s.done / s.total) : null;
  const of = s.total ? ` of ${s.total.toLocaleString("en")}` : "";
  return { text: `Importing ${name}: ${PHASE[s.phase]} ${s.done.toLocaleString("en")}${of} comments`, fraction };
}

/** The step alone ("Importing big.xml: storing"), for a live region that should not chatter. */
export function stepOf(name: string, s: UploadStage): string {
  return s.stage === "sending" ? `Sending ${name}` : `Importing ${name}: ${PHASE[s.phase]}`;
}
