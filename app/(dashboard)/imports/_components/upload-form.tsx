"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";

type Outcome = { name: string; ok: boolean; text: string };
type Summary = { comments: number; inserted: number; updated: number; unchanged: number; orphans: number; skipped: number; threads: number };

function describe(summary: Summary): string {
  return (
    `${summary.comments} comments in ${summary.threads} threads (${summary.inserted} new, ${summary.updated} updated, ` +
    `${summary.unchanged} unchanged), ${summary.orphans} orphans, ${summary.skipped} skipped; scored during the import`
  );
}

/** Sends each chosen file to the importer, one after another, and shows what became of it. */
export function UploadForm({ limitMB, formats, extensions }: { limitMB: number; formats: { value: string; label: string }[]; extensions: readonly string[] }) {
  const router = useRouter();
  const [busy, setBusy] = useState<string | null>(null);
  const [outcomes, setOutcomes] = useState<Outcome[]>([]);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const files = form.getAll("files").filter((f): f is File => f instanceof File && f.name !== "");
    const format = String(form.get("format") ?? "");
    const results: Outcome[] = [];
    setOutcomes([]);
    for (const file of files) {
      const bare = file.name.toLowerCase().replace(/\.gz$/, "");
      if (!extensions.some((ext) => bare.endsWith(ext))) {
        results.push({ name: file.name, ok: false, text: `not a type the importer reads (${extensions.join(", ")}, optionally .gz)` });
        continue;
      }
      if (file.size > limitMB * 1024 * 1024) {
        results.push({ name: file.name, ok: false, text: `larger than the ${limitMB} MB upload limit: import it with npm run import` });
        continue;
      }
      setBusy(file.name);
      try {
        const query = new URLSearchParams({ name: file.name, ...(format ? { format } : {}) });
        const response = await fetch(`/api/imports?${query}`, {
          method: "POST",
          body: file,
          headers: { "content-type": "application/octet-stream" },
        });
        const body = await response.json().catch(() => ({}));
        if (response.ok) results.push({ name: file.name, ok: true, text: describe(body.summary) });
        else if (body.rejected) results.push({ name: file.name, ok: false, text: `line ${body.rejected.line}: ${body.rejected.message}` });
        else results.push({ name: file.name, ok: false, text: body.error ?? `the upload failed (${response.status})` });
      } catch {
        results.push({ name: file.name, ok: false, text: "the upload did not reach the server; nothing was imported" });
      }
      setOutcomes([...results]);
    }
    setOutcomes(results);
    setBusy(null);
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
      <p className="muted small">Up to {limitMB} MB per file, of type {extensions.join(" ")} (or gzipped). Each file is imported whole or not at all.</p>
      <p>
        <button className="btn primary" type="submit" disabled={busy !== null}>
          {busy ? `Importing ${busy}…` : "Import"}
        </button>
      </p>
      <ul role="status" aria-live="polite" aria-label="Upload results">
        {outcomes.map((o, i) => (
          <li key={`${o.name}-${i}`} className={o.ok ? "notice" : "error"}>
            {o.ok ? "✓" : "✗"} {o.name}: {o.text}
          </li>
        ))}
      </ul>
    </form>
  );
}
