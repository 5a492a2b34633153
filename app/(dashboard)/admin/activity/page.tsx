import type { Metadata } from "next";
import Link from "next/link";
import { requirePageUser } from "@/lib/auth/guard";
import { activityQuerySchema, listActivity } from "@/lib/activity";
import { when } from "../../_lib/when";
import { newsroomZone } from "../../_lib/zone";
import { TableScroll } from "../../_components/table-scroll";
import { thresholdLabel } from "@/lib/moderation/constants";

export const metadata: Metadata = { title: "Activity" };
export const dynamic = "force-dynamic";

/**
 * Thresholds as the settings page shows them ("insult 65%, shouting off"); they are recorded as the
 * stored fractions. Null when the values are not all fractions.
 */
function thresholdsInPercent(values: object): string | null {
  const entries = Object.entries(values);
  if (!entries.length || !entries.every(([, v]) => typeof v === "number" && v >= 0 && v <= 1)) return null;
  return entries.map(([key, v]) => `${key} ${thresholdLabel(v as number)}`).join(", ");
}

/** The change itself in a few words: the values set, the run started. */
function describe(action: string, detail: Record<string, unknown>): string {
  const thresholds = action === "changed thresholds";
  return Object.entries(detail)
    .filter(([, v]) => v !== null && v !== undefined)
    .map(([k, v]) => `${k}: ${typeof v === "object" ? ((thresholds && thresholdsInPercent(v as object)) || JSON.stringify(v)) : String(v)}`)
    .join(" · ");
}

export default async function ActivityPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  await requirePageUser("administer", "/admin/activity", await searchParams);
  // An unreadable cursor shows the latest entries.
  const parsed = activityQuerySchema.safeParse({ before: (await searchParams).before });
  const before = parsed.success ? parsed.data.before : undefined;
  const [{ events, next }, timeZone] = await Promise.all([listActivity({ before }), newsroomZone()]);
  return (
    <>
      <h1>Activity</h1>
      <p className="muted">
        Changes to users, API tokens, thresholds, word lists, the scoring model, the time zone and threads (closed,
        pre-moderated), newest first, from the pages and the command line. Decisions on comments are in the{" "}
        <Link href="/audit">audit log</Link>.
      </p>
      {events.length === 0 ? (
        <p className="empty">{before ? "No older entries." : "Nothing recorded yet."}</p>
      ) : (
        <TableScroll>
          <table aria-label="Activity">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">What</th>
                <th scope="col">On</th>
                <th scope="col">Details</th>
              </tr>
            </thead>
            <tbody>
              {events.map((e) => (
                <tr key={e.id}>
                  <td>{when(e.at, timeZone)}</td>
                  <td>{e.by ?? (e.via === "cli" ? "the command line" : "—")}</td>
                  <td>{e.action}</td>
                  <td>{e.subject}</td>
                  <td className="small">{describe(e.action, e.detail)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      {(before || next) && (
        <nav className="pager" aria-label="Activity pages">
          {before && <Link href="/admin/activity">Latest</Link>}
          {next && <Link href={`/admin/activity?before=${next}`}>Older entries →</Link>}
        </nav>
      )}
    </>
  );
}
