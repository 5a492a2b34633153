import { dbIdText } from "@/lib/zod-fields";

/**
 * The row id in a page's address, or null when it cannot be one: not a whole positive
 * number, or past what the database's ids hold (which would otherwise fail as a server error).
 */
export function pageId(raw: string): number | null {
  const parsed = dbIdText.safeParse(raw);
  return parsed.success ? parsed.data : null;
}
