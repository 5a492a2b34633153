"use client";

import { useEffect, useRef, useState } from "react";
import { STALE_MESSAGE, useFiltersStale } from "./stale-filters";
import type { ReportExportJob } from "@/lib/reports/export-jobs";
import type { ReportFilters } from "@/lib/reports/filters";
import { cancelReportExportAction, startReportExportAction } from "../actions";
import { TableScroll } from "../../_components/table-scroll";
import { when } from "../../_lib/when";
import { plural } from "../../_lib/plural";

const CHOICES = {
  csv: { format: "csv", bom: false, label: "CSV" },
  excel: { format: "csv", bom: true, label: "CSV for Excel (with BOM)" },
  jsonl: { format: "jsonl", bom: false, label: "JSON lines" },
  pdf: { format: "pdf", bom: false, label: "PDF report" },
} as const;
type Choice = keyof typeof CHOICES;

const FORMAT_NAMES = { csv: "CSV", jsonl: "JSON lines", pdf: "PDF" } as const;
const POLL_MS = 2000;

/** The filters in a few words, so a list of exports can be told apart. */
function describe(f: ReportFilters): string {
  const parts: string[] = [];
  if (f.from || f.to) parts.push(`${f.from ?? "start"} – ${f.to ?? "now"}`);
  if (f.source.length) parts.push(f.source.join(", "));
  if (f.thread.length) parts.push(plural(f.thread.length, "thread"));
  if (f.status.length) parts.push(f.status.join(", "));
  if (f.sourceStatus.length) parts.push(`at source: ${f.sourceStatus.join(", ")}`);
  if (f.section.length) parts.push(`section: ${f.section.map((s) => s || "none").join(", ")}`);
  if (f.kind.length) parts.push(f.kind.map((k) => `${k}s`).join(", "));
  if (f.attribute.length) parts.push(f.attribute.join(", "));
  if (f.model) parts.push(f.model);
  return parts.join(" · ") || "all comments";
}

function size(bytes: number | null): string {
  if (bytes === null) return "";
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
}

type JobProps = { job: ReportExportJob; requested: string; onCancel: (job: ReportExportJob) => void; onCancelFocus?: (id: string) => void };

function CancelButton({ job, requested, onCancel, onCancelFocus }: JobProps) {
  return (
    <button
      className="btn small"
      type="button"
      onClick={() => onCancel(job)}
      onFocus={() => onCancelFocus?.(job.id)}
      aria-label={`Cancel: the ${FORMAT_NAMES[job.format]} export requested ${requested}`}
    >
      Cancel
    </button>
  );
}

function JobState({ job, requested, onCancel, onCancelFocus }: JobProps) {
  if (job.state === "done" && job.fileKept === false) {
    return <>Done: {plural(job.done, "row")}. The file is no longer kept (files go after 7 days, and when a commenter is erased): export the report again.</>;
  }
  if (job.state === "done") {
    return (
      <>
        Done: {plural(job.done, "row")}, {size(job.bytes)}{" "}
        {/* Named after the export it saves: several done exports must not read as several identical links,
            nor be confused with the direct downloads above. */}
        <a
          className="btn"
          href={`/api/v1/reports/jobs/${job.id}/file`}
          download
          aria-label={`Save file: the ${FORMAT_NAMES[job.format]} export requested ${requested}`}
        >
          Save file
        </a>
      </>
    );
  }
  if (job.state === "failed") return job.message === "cancelled" ? <>Cancelled</> : <span className="error">Failed: {job.message}</span>;
  if (job.state === "queued") {
    return (
      <>
        Queued{job.message ? ` (${job.message})` : "; a worker (npm run worker) picks it up"} <CancelButton job={job} requested={requested} onCancel={onCancel} onCancelFocus={onCancelFocus} />
      </>
    );
  }
  const share = job.total ? Math.round((job.done / job.total) * 100) : 0;
  return (
    <>
      <progress max={job.total || 1} value={job.done} aria-label={`Progress of the ${FORMAT_NAMES[job.format]} export`} />{" "}
      {job.done.toLocaleString("en")} / {job.total.toLocaleString("en")} rows ({share}%) <CancelButton job={job} requested={requested} onCancel={onCancel} onCancelFocus={onCancelFocus} />
    </>
  );
}

/**
 * Background exports: queue the report shown for a worker to write, then follow
 * the user's recent exports (polled while any is unfinished) and download them.
 * `timeZone`: the newsroom's, in which the request times are shown.
 */
export function BackgroundExports({
  filters, large, initialJobs, timeZone, listed,
}: {
  filters: ReportFilters;
  large: boolean;
  initialJobs: ReportExportJob[];
  timeZone: string;
  /** How many of the latest exports the page lists. */
  listed: number;
}) {
  const [jobs, setJobs] = useState(initialJobs);
  const [choice, setChoice] = useState<Choice>("csv");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState("");
  const stale = useFiltersStale();
  const shown = useRef(jobs);
  shown.current = jobs;
  // Bumped by each change made here (queued, cancelled): a poll answered from before it would
  // undo it, and one that dropped a just-queued export could stop the polling with it unlisted.
  const changes = useRef(0);
  const unfinished = jobs.some((j) => j.state === "queued" || j.state === "running");
  // A Cancel button goes when its export ends (cancelled, or finished meanwhile): the focus it had
  // goes to its row's state, not to the page's top.
  const cancelFocused = useRef<string | null>(null);
  useEffect(() => {
    const id = cancelFocused.current;
    if (!id || (document.activeElement && document.activeElement !== document.body)) return;
    cancelFocused.current = null;
    document.querySelector<HTMLElement>(`[data-job-state="${id}"]`)?.focus();
  }, [jobs]);

  useEffect(() => {
    if (!unfinished) return;
    let stopped = false;
    const poll = async () => {
      const changesBefore = changes.current;
      // A failed poll (offline, server restarting) changes nothing; the next one tries again.
      const response = await fetch("/api/v1/reports/jobs", { cache: "no-store" }).catch(() => null);
      const body = response?.ok ? ((await response.json().catch(() => null)) as { jobs: ReportExportJob[] } | null) : null;
      if (stopped) return;
      if (body && changes.current === changesBefore) {
        // Announce what changed state, not every step of a progress bar.
        for (const job of body.jobs) {
          const was = shown.current.find((b) => b.id === job.id);
          if (!was || was.state === job.state) continue;
          if (job.state === "done") setAnnouncement(`The ${FORMAT_NAMES[job.format]} export is ready to download.`);
          if (job.state === "failed") setAnnouncement(`The ${FORMAT_NAMES[job.format]} export failed: ${job.message}`);
        }
        setJobs(body.jobs);
      }
      timer = setTimeout(poll, POLL_MS);
    };
    let timer = setTimeout(poll, POLL_MS);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [unfinished]);

  async function start() {
    if (busy || stale) return;
    setBusy(true);
    setError(null);
    const { format, bom } = CHOICES[choice];
    let result: Awaited<ReturnType<typeof startReportExportAction>>;
    try {
      result = await startReportExportAction({ format, bom, filters });
    } catch {
      // The server did not answer (a redeploy, the network): the button must not stay disabled.
      setError("The export could not be queued: the server did not answer. Try again.");
      return;
    } finally {
      setBusy(false);
    }
    if (!result.ok) {
      setError(`The export could not be queued: ${result.error}`);
      return;
    }
    changes.current += 1;
    // A poll answered meanwhile may list it already.
    setJobs((before) => [result.data, ...before.filter((j) => j.id !== result.data.id)]);
    setAnnouncement(`${FORMAT_NAMES[format]} export queued.`);
  }

  async function cancel(job: ReportExportJob) {
    setError(null);
    const result = await cancelReportExportAction(job.id).catch(() => ({ ok: false as const, error: "the server did not answer; try again" }));
    if (!result.ok) {
      setError(`The export could not be cancelled: ${result.error}`);
      return;
    }
    changes.current += 1;
    setJobs((before) => before.map((j) => (j.id === job.id ? result.data : j)));
    setAnnouncement(
      result.data.state === "failed" ? `The ${FORMAT_NAMES[job.format]} export was cancelled.` : `The ${FORMAT_NAMES[job.format]} export had already finished.`,
    );
  }

  return (
    <section className="panel" aria-labelledby="background-title" data-testid="background-exports">
      <h2 id="background-title">Export in the background</h2>
      {large ? (
        <p className="notice-box" role="note">
          This report is large: export it in the background. A worker writes the file while you do something else, and it
          stays here to download for a week.
        </p>
      ) : (
        <p className="muted">A worker writes the file while you do something else; it stays here to download for a week.</p>
      )}
      <div className="toolbar">
        <label>
          Format
          <select value={choice} onChange={(e) => setChoice(e.target.value as Choice)}>
            {Object.entries(CHOICES).map(([value, c]) => (
              <option key={value} value={value}>
                {c.label}
              </option>
            ))}
          </select>
        </label>
        {/* Not disabled, only aria-disabled while the filters differ from the preview's or it is queuing: it keeps
            focus, and a screen reader still reaches it and hears why (its description). */}
        <button
          className={large ? "btn primary" : "btn"}
          type="button"
          onClick={start}
          aria-disabled={busy || stale || undefined}
          aria-describedby={stale ? "background-stale" : undefined}
        >
          Export in background
        </button>
      </div>
      {stale && (
        <p className="notice" id="background-stale">
          {STALE_MESSAGE}
        </p>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <p className="sr-only" role="status" aria-live="polite">
        {announcement}
      </p>
      <h3>Your recent background exports</h3>
      {jobs.length === 0 ? (
        <p className="empty small" data-testid="background-empty">
          No background exports yet. They are listed here with their progress, and a download link once finished.
        </p>
      ) : (
        <TableScroll>
          <table aria-label="Your background exports">
            <thead>
              <tr>
                <th scope="col">Requested</th>
                <th scope="col">Format</th>
                <th scope="col">Comments</th>
                <th scope="col">State</th>
              </tr>
            </thead>
            <tbody>
              {jobs.map((job) => {
                const requested = when(job.requestedAt, timeZone);
                return (
                  <tr key={job.id} data-job-id={job.id}>
                    <td suppressHydrationWarning>{requested}</td>
                    <td>{job.bom ? "CSV (BOM)" : FORMAT_NAMES[job.format]}</td>
                    <td>{describe(job.filters)}</td>
                    <td data-job-state={job.id} tabIndex={-1}>
                      <JobState job={job} requested={requested} onCancel={cancel} onCancelFocus={(id) => (cancelFocused.current = id)} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableScroll>
      )}
      {jobs.length >= listed && (
        <p className="muted small">
          Your {listed} latest exports are listed. An older one&apos;s file can still be downloaded for a week from its link,
          or found with <code>npm run jobs -- ID</code>.
        </p>
      )}
    </section>
  );
}
