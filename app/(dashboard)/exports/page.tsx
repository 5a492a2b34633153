import type { Metadata } from "next";
import { requirePageUser } from "@/lib/auth/guard";

export const metadata: Metadata = { title: "Exports" };

export default async function ExportsPage() {
  await requirePageUser("export", "/exports");
  return (
    <>
      <h1>Exports</h1>
      <section className="panel">
        <h2>All comments</h2>
        <p className="muted">
          One row per comment with its thread, author, time, text, the source’s status, scores and moderation status.
          Downloads stream, so large exports start at once.
        </p>
        <p style={{ display: "flex", gap: "0.5rem", flexWrap: "wrap" }}>
          <a className="btn primary" href="/api/export?format=csv" download>
            Download CSV
          </a>
          <a className="btn" href="/api/export?format=csv&bom=1" download>
            CSV for Excel (with BOM)
          </a>
          <a className="btn" href="/api/export?format=jsonl" download>
            Download JSON lines
          </a>
        </p>
      </section>
    </>
  );
}
