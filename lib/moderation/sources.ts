import { pool } from "@/lib/db";

/** Sources with comments, for filter pickers. */
export async function listSources(): Promise<{ key: string; name: string }[]> {
  const { rows } = await pool.query<{ key: string; name: string }>("SELECT key, name FROM source ORDER BY name");
  return rows;
}
