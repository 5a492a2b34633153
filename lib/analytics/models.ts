import { readPool as pool } from "@/lib/db";
import { settledActiveScorer } from "@/lib/scoring";
import type { ModelVersion } from "./filters";

export type ModelOption = ModelVersion & { scored: number; active: boolean };

/** Every model version with scores in the rollups, the active one first, then by name and version. */
export async function listModelVersions(): Promise<ModelOption[]> {
  const active = (await settledActiveScorer()).model;
  const { rows } = await pool.query<{ model: string; model_version: string; scored: number }>(
    `SELECT model, model_version, sum(scored)::int AS scored FROM rollup_day_score
     GROUP BY model, model_version HAVING sum(scored) > 0 ORDER BY model, model_version`,
  );
  const options = rows.map((r) => ({
    name: r.model,
    version: r.model_version,
    scored: r.scored,
    active: r.model === active.name && r.model_version === active.version,
  }));
  if (!options.some((o) => o.active)) options.push({ name: active.name, version: active.version, scored: 0, active: true });
  return options.sort((a, b) => Number(b.active) - Number(a.active) || a.name.localeCompare(b.name) || b.version.localeCompare(a.version));
}

export type Segments = { sources: { key: string; name: string }[]; sections: string[] };

/** The sources and sections to filter by. */
export async function listSegments(): Promise<Segments> {
  const [sources, sections] = await Promise.all([
    pool.query<{ key: string; name: string }>("SELECT key, name FROM source ORDER BY name"),
    pool.query<{ section: string }>("SELECT DISTINCT coalesce(section, '') AS section FROM thread ORDER BY 1"),
  ]);
  return { sources: sources.rows, sections: sections.rows.map((r) => r.section) };
}
