"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { megabytes } from "@/lib/megabytes";
import { describeStage, sendFile, stepOf, type UploadStage } from "./send-file";

type Outcome = { name: string; kind: "ok" | "warning" | "error"; text: string };
type Summary = {
  comments: number; inserted: number; updated: number; unchanged: number; orphans: number; skipped: number; threads: number;
  flagged: number; unflagged: number; notes?: string[];
};

const n = (x: number) => x.toLocaleString("en");
const count = (x: number, one: string, many = `${one}s`) => `${n(x)} ${x === 1 ? one : many}`;

function describe(summary: Summary): string {
  return (
    `${count(summary.comments, "comment")} in ${count(summary.threads, "thread")} (${n(summary.inserted)} new, ${n(summary.updated)} updated, ` +
    `${n(summary.unchanged)} unchanged), ${count(summary.orphans, "orphan")}, ${n(summary.skipped)} skipped; scored during the import, ` +
    `${n(summary.flagged)} flagged by the rules${summary.unflagged ? `, ${n(summary.unflagged)} no longer flagged` : ""}`
  );
}

/** A file that held no comments is not an error, but not a success either: say so, with the importer's notes. */
function outcomeOf(name: string, summary: Summary): Outcome {
  if (summary.comments > 0) return { name, kind: "ok", text: describe(summary) };
  const notes = summary.notes?.length ? ` (${summary.notes.join("; ")})` : "";
  return { name, kind: "warning", text: `no comments found${notes}. ${summary.threads ? `${count(summary.threads, "thread")} recorded.` : "Nothing was stored."}` };
}

const MARK: Record<Outcome["kind"], string> = { ok: "✓", warning: "!", error: "✗" };
const CLASS: Record<Outcome["kind"], string> = { ok: "notice", warning: "warning", error: "error" };

/** Sends each chosen file to the importer, one after another, with its progress, and shows what became of it. */
export function UploadForm({ limitBytes, formats, extensions }: { limitBytes: number; formats: { value: string; label: string }[]; extensions: readonly string[] }) {
  // The server's own limit in bytes, so the page refuses exactly what the server would (2.5 MB stays 2.5 MB).
  const limit = megabytes(limitBytes);
  const router = useRouter();
  const [busy, setBusy] = useState<string | null>(null);
  const [stage, setStage] = useState<UploadStage | null>(null);
  const [outcomes, setOutcomes] = useState<Outcome[]>([]);
  const cancelling = useRef<AbortController | null>(null);
  const submit = useRef<HTMLButtonElement>(null);
  const cancelButton = useRef<HTMLButtonElement>(null);
  const mounted = useRef(true);
  // Leaving the page for another of the app's cancels the upload, as closing the tab does: the
  // files left would otherwise be sent with no page to show what became of them.
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
      cancelling.current?.abort();
    };
  }, []);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy !== null) return;
    const form = new FormData(event.currentTarget);
    const files = form.getAll("files").filter((f): f is File => f instanceof File && f.name !== "");
    const format = String(form.get("format") ?? "");
    const results: Outcome[] = [];
    setOutcomes([]);
    const cancel = new AbortController();
    cancelling.current = cancel;
    for (const file of files) {
      if (cancel.signal.aborted) {
        results.push({ name: file.name, kind: "warning", text: "not sent: the upload was cancelled" });
        continue;
      }
      const bare = file.name.toLowerCase().replace(/\.gz$/, "");
      if (!extensions.some((ext) => bare.endsWith(ext))) {
        results.push({ name: file.name, kind: "error", text: `not a type the importer reads (${extensions.join(", ")}, optionally .gz)` });
        continue;
      }
      if (file.size > limitBytes) {
        results.push({ name: file.name, kind: "error", text: `over the ${limit} upload limit; an admin can import it from the command line with npm run import -- --background FILE` });
        continue;
      }
      setBusy(file.name);
      setStage({ stage: "sending", sent: 0, size: file.size });
      const query = new URLSearchParams({ name: file.name, ...(format ? { format } : {}) });
      const answer = await sendFile(`/api/imports?${query}`, file, setStage, cancel.signal);
      if (answer.type === "summary") results.push(outcomeOf(file.name, answer.summary as Summary));
      else if (answer.type === "cancelled") results.push({ name: file.name, kind: "warning", text: answer.text });
      else if (answer.type === "rejected") results.push({ name: file.name, kind: "error", text: `${answer.rejected.line ? `line ${answer.rejected.line}: ` : ""}${answer.rejected.message}` });
      else results.push({ name: file.name, kind: "error", text: answer.error });
      setOutcomes([...results]);
    }
    if (!mounted.current) return;
    // Cancel goes with the upload: the focus it had goes back to Import, not to the page's top.
    const onCancel = document.activeElement === cancelButton.current || document.activeElement === document.body;
    setOutcomes(results);
    cancelling.current = null;
    setBusy(null);
    setStage(null);
    if (onCancel) window.setTimeout(() => submit.current?.focus(), 0);
    router.refresh();
  }

  return (
    <form className="stack" onSubmit={onSubmit}>
      <label>
        Files (Disqus or WordPress exports, saved pages, CSV, JSON lines; gzipped is fine)
        <input name="files" type="file" multiple required accept={[...extensions, ".gz"].join(",")} />
      </label>
      <label>
        Format
        <select name="format" defaultValue="">
          <option value="">recognise automatically</option>
          {formats.map((f) => (
            <option key={f.value} value={f.value}>
              {f.label}
            </option>
          ))}
        </select>
      </label>
      <p className="muted small">Up to {limit} per file, of type {extensions.join(" ")} (or gzipped). Each file is imported whole or not at all.</p>
      <p>
        {/* Not disabled while it runs: it keeps focus (a disabled button drops it to the page's top), and is ignored. */}
        <button ref={submit} className="btn primary" type="submit" aria-disabled={busy !== null || undefined}>
          {busy ? `Importing ${busy}…` : "Import"}
        </button>{" "}
        {busy && (
          <button ref={cancelButton} className="btn" type="button" onClick={() => cancelling.current?.abort()}>
            Cancel
          </button>
        )}
      </p>
      {busy && stage && <Progress name={busy} stage={stage} />}
      {/* Always in the page, so the first step ("sending") is said too, not only the ones after it. */}
      <span className="sr-only" role="status" aria-live="polite">{busy && stage ? stepOf(busy, stage) : ""}</span>
      <ul role="status" aria-live="polite" aria-label="Upload results">
        {outcomes.map((o, i) => (
          <li key={`${o.name}-${i}`} className={CLASS[o.kind]}>
            {MARK[o.kind]} {o.name}: {o.text}
          </li>
        ))}
      </ul>
    </form>
  );
}

/**
 * A bar and a line of words, changing several times a second. Screen readers are told only
 * when the step changes (sending, reading, storing, scoring), not every figure, by the form's
 * status line; the line itself stays readable. The bar is hidden from them, as the words say the same.
 */
function Progress({ name, stage }: { name: string; stage: UploadStage }) {
  const { text, fraction } = describeStage(name, stage);
  return (
    <div className="upload-progress" data-testid="upload-progress">
      <progress max={1} value={fraction ?? undefined} aria-hidden="true" />
      <p className="small">{text}</p>
    </div>
  );
}
