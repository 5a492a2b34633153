import { inSnapshot, pool } from "@/lib/db";
import { ATTRIBUTES } from "@/lib/scoring";
import { resolveReportFilters, type ReportFilters } from "./filters";
import { countReportRows, exportRecords, type ExportRecord } from "./records";
import { loadReportFigures, type ReportSummary } from "./pdf/summary";

export type ReportPreview = {
  /** Rows the CSV and JSON lines exports will hold (pingbacks and trackbacks included). */
  rows: number;
  sample: ExportRecord[];
  /** The PDF's key figures. */
  figures: ReportSummary["figures"];
  model: string;
  timezone: string;
};

const SAMPLE = 10;

/**
 * What a report with these filters will contain: the row count, the first rows and the PDF's
 * figures. The count and the figures share one snapshot and connection (they agree); the sample
 * reads on another, as an export does.
 */
export async function previewReport(filters: ReportFilters): Promise<ReportPreview> {
  const f = await resolveReportFilters(filters);
  const [[rows, figures], sample] = await Promise.all([
    inSnapshot(async (client) => [await countReportRows(f, client), await loadReportFigures(client, f)] as const),
    (async () => {
      const out: ExportRecord[] = [];
      for await (const record of exportRecords(f, { limit: SAMPLE })) out.push(record);
      return out;
    })(),
  ]);
  return { rows, sample, figures, model: `${f.model.name} ${f.model.version}`, timezone: f.timezone };
}

/**
 * Choices for the builder form: sources, recent threads (and any the filters name, so a
 * shared link to an older thread keeps it chosen), sections and attributes.
 */
export async function listReportChoices(include: { threads?: number[] } = {}): Promise<{
  sources: { key: string; name: string }[];
  threads: { id: number; title: string; source: string }[];
  sections: string[];
  attributes: readonly string[];
}> {
  const [sources, threads, sections] = await Promise.all([
    pool.query<{ key: string; name: string }>("SELECT key, name FROM source ORDER BY name"),
    // The most recently active threads; older ones can still be named by id in the URL or API.
    pool.query<{ id: number; title: string; source: string }>(
      `(SELECT t.id, t.title, src.key AS source, t.updated_at FROM thread t JOIN source src ON src.id = t.source_id
        ORDER BY t.updated_at DESC, t.id DESC LIMIT 300)
       UNION
       SELECT t.id, t.title, src.key, t.updated_at FROM thread t JOIN source src ON src.id = t.source_id WHERE t.id = ANY($1::int[])
       ORDER BY updated_at DESC, id DESC`,
      [include.threads ?? []],
    ),
    // "" stands for threads without a section.
    pool.query<{ section: string }>("SELECT DISTINCT coalesce(section, '') AS section FROM thread ORDER BY 1 LIMIT 200"),
  ]);
  return { sources: sources.rows, threads: threads.rows.map(({ id, title, source }) => ({ id, title, source })), sections: sections.rows.map((r) => r.section), attributes: ATTRIBUTES };
}
