import type { Metadata } from "next";
import { requirePageUser } from "@/lib/auth/guard";
import { FORMAT_LABELS, FORMATS } from "@/lib/ingest/detect";
import { listRunPage, parseRunCursor, type RunRow } from "@/lib/ingest/runs";
import { UPLOAD_EXTENSIONS, uploadLimitBytes } from "@/lib/ingest/upload";
import { UploadForm } from "./_components/upload-form";
import { TableScroll } from "../_components/table-scroll";
import { when } from "../_lib/when";
import { newsroomZone } from "../_lib/zone";

export const metadata: Metadata = { title: "Imports" };
export const dynamic = "force-dynamic";

/** The format as people call it; "auto" is a file rejected before its format was recognised. */
function formatName(format: string): string {
  if (format === "auto") return "not recognised";
  return (FORMAT_LABELS as Record<string, string>)[format] ?? format;
}

/** Green for comments stored, amber for a file that held none or was cancelled, red for a rejected or failed one. */
function statusClass(run: RunRow): string | undefined {
  if (run.status === "running") return undefined;
  if (run.status === "cancelled") return "warning";
  if (run.status !== "succeeded") return "error";
  return run.comments === 0 ? "warning" : "notice";
}

function Problems({ run }: { run: RunRow }) {
  if (!run.notes.length && !run.errors.length) return null;
  const label = run.status === "succeeded" ? (run.orphans ? `${run.orphans} ${run.orphans === 1 ? "orphan" : "orphans"}, notes` : "notes") : "why";
  return (
    <details>
      <summary>{label}</summary>
      <ul className="small">
        {run.errors.map((e, i) => (
          <li key={`e${i}`} className={run.status === "succeeded" ? undefined : "error"}>
            {e.line ? `line ${e.line}: ` : ""}
            {e.message}
          </li>
        ))}
        {run.orphans > run.errors.length && run.status === "succeeded" && <li>… {run.orphans - run.errors.length} more orphans</li>}
        {run.notes.map((n, i) => (
          <li key={`n${i}`}>{n}</li>
        ))}
      </ul>
    </details>
  );
}

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function ImportsPage({ searchParams }: Props) {
  await requirePageUser("import", "/imports", await searchParams);
  // An unreadable cursor shows the latest runs.
  const before = parseRunCursor((await searchParams).before);
  const [{ runs, next: older }, timeZone] = await Promise.all([listRunPage(before), newsroomZone()]);
  const limitBytes = uploadLimitBytes();
  return (
    <>
      <h1>Imports</h1>
      <section className="panel">
        <h2>Upload</h2>
        <UploadForm limitBytes={limitBytes} extensions={UPLOAD_EXTENSIONS} formats={FORMATS.map((f) => ({ value: f, label: FORMAT_LABELS[f] }))} />
      </section>
      <section className="panel">
        <h2>{before ? "Older runs" : "Recent runs"}</h2>
        {runs.length === 0 ? (
          <p className="empty">{before ? "No older runs." : "No imports yet."}</p>
        ) : (
          <TableScroll>
          <table aria-label="Import runs" className="runs">
            <thead>
              <tr>
                <th scope="col">Started</th>
                <th scope="col">File</th>
                <th scope="col">Format</th>
                <th scope="col">Status</th>
                <th scope="col">Details</th>
                <th scope="col">Threads</th>
                <th scope="col">Comments</th>
                <th scope="col">New / updated / unchanged</th>
                <th scope="col">Orphans</th>
                <th scope="col">Skipped</th>
                <th scope="col">Flagged</th>
                <th scope="col">By</th>
              </tr>
            </thead>
            <tbody>
              {runs.map((run) => (
                <tr key={run.id}>
                  <td>{when(run.startedAt, timeZone)}</td>
                  <td className="file">{run.file}</td>
                  <td>{formatName(run.format)}</td>
                  <td className={statusClass(run)}>{run.status === "succeeded" && run.comments === 0 ? "succeeded, no comments" : run.status}</td>
                  <td>
                    <Problems run={run} />
                  </td>
                  <td>{run.threads}</td>
                  <td>{run.comments}</td>
                  <td>
                    {run.inserted} / {run.updated} / {run.unchanged}
                  </td>
                  <td>{run.orphans}</td>
                  <td>{run.skipped}</td>
                  <td>
                    {run.flagged ?? "—"}
                    {!!run.unflagged && <span className="muted"> ({run.unflagged} no longer)</span>}
                  </td>
                  <td>{run.user ?? "command line"}</td>
                </tr>
              ))}
            </tbody>
          </table>
          </TableScroll>
        )}
        {(before || older) && (
          <nav className="pager" aria-label="Import runs pages">
            {before && <a href="/imports">Latest runs</a>}
            {older && <a href={`/imports?before=${encodeURIComponent(older)}`}>Older runs →</a>}
          </nav>
        )}
      </section>
    </>
  );
}
