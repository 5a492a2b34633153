import type { Metadata } from "next";
import { requirePageUser } from "@/lib/auth/guard";
import { exportLogQuerySchema, listExportRuns } from "@/lib/reports";
import { parseLeavingOut } from "@/lib/http";
import { TableScroll } from "../../_components/table-scroll";
import { when } from "../../_lib/when";
import { newsroomZone } from "../../_lib/zone";

export const metadata: Metadata = { title: "Export log" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

function describe(filters: Record<string, unknown>): string {
  const parts = Object.entries(filters)
    .filter(([key]) => key !== "timezone")
    .map(([key, value]) => `${key}: ${Array.isArray(value) ? value.join(", ") : String(value)}`);
  return parts.join(" · ") || "all comments";
}

/** Every export (who, when, which filters, how many rows, finished or not), newest first. */
export default async function ExportLogPage({ searchParams }: Props) {
  await requirePageUser("administer", "/admin/exports", await searchParams);
  const raw = await searchParams;
  const given = Object.fromEntries(
    (["before", "email", "format"] as const).flatMap((key) => (typeof raw[key] === "string" && raw[key] ? [[key, raw[key] as string]] : [])),
  );
  // A bad field is left out and named; the others still narrow the log.
  const { data: query, leftOut } = parseLeavingOut(exportLogQuerySchema, given);
  const [{ runs, nextBefore }, timeZone] = await Promise.all([listExportRuns(query), newsroomZone()]);
  const next = new URLSearchParams();
  if (query.email) next.set("email", query.email);
  if (query.format) next.set("format", query.format);
  if (nextBefore) next.set("before", String(nextBefore));

  return (
    <>
      <h1>Export log</h1>
      <form method="get" className="panel" style={{ display: "flex", gap: "1rem", alignItems: "flex-end", flexWrap: "wrap" }} aria-label="Filter the log">
        <label>
          User email contains
          <input name="email" defaultValue={query.email ?? ""} />
        </label>
        <label>
          Format
          <select name="format" defaultValue={query.format ?? ""}>
            <option value="">any</option>
            <option value="csv">CSV</option>
            <option value="jsonl">JSON lines</option>
            <option value="pdf">PDF</option>
          </select>
        </label>
        <button className="btn" type="submit">Filter</button>
      </form>
      {leftOut.size > 0 && (
        <p className="error" role="alert">
          Left out, as they cannot be used: {[...leftOut].map(([field, problem]) => `${field} (${problem})`).join("; ")}.
        </p>
      )}
      {runs.length === 0 ? (
        <p className="empty">No exports {query.email || query.format ? "match these filters" : "yet"}.</p>
      ) : (
        <TableScroll>
          <table aria-label="Exports">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">Format</th>
                <th scope="col">Via</th>
                <th scope="col">Filters</th>
                <th scope="col">Rows</th>
                <th scope="col">Outcome</th>
              </tr>
            </thead>
            <tbody>
              {runs.map((r) => (
                <tr key={r.id}>
                  <td>{when(r.createdAt, timeZone)}</td>
                  <td>{r.email ? `${r.email} (${r.role})` : "command line"}</td>
                  <td>{r.format.toUpperCase()}{r.filters.bom ? " + BOM" : ""}</td>
                  <td>{r.via}</td>
                  <td>{describe(r.filters)}</td>
                  <td>{r.rowCount.toLocaleString("en")}</td>
                  <td className={r.status === "completed" ? "" : "error"}>{r.status}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      {nextBefore && (
        <p>
          <a className="btn" href={`/admin/exports?${next.toString()}`}>Older exports</a>
        </p>
      )}
    </>
  );
}
