import { formatDate } from "@/lib/analytics/dates";
import type { SeriesPoint } from "@/lib/analytics/series";
import { TableScroll } from "../../_components/table-scroll";
import { TrendChart } from "./charts";

const signed = (v: number | null) => (v === null ? "–" : v.toFixed(2));
const percent = (v: number | null) => (v === null ? "–" : `${(v * 100).toFixed(1)}%`);

/** "3 Nov 2026", or "2 Nov 2026 – 8 Nov 2026": the days a period covers. */
export const daysOf = (p: { from: string; to: string }) => (p.from === p.to ? formatDate(p.from) : `${formatDate(p.from)} – ${formatDate(p.to)}`);

/**
 * Comments, sentiment and incivility per period: the chart, and under it the same figures as a
 * table. A bar and its period open that period's comments where `hrefOf` gives a link.
 */
export function SeriesTrend(
  { series, periodOf = daysOf, hrefOf }: { series: SeriesPoint[]; periodOf?: (p: SeriesPoint) => string; hrefOf: (p: SeriesPoint) => string | undefined },
) {
  return (
    <>
      <TrendChart
        data={series.map((p) => ({
          label: p.label,
          range: periodOf(p),
          comments: p.comments,
          avgSentiment: p.avgSentiment,
          uncivilShare: p.uncivilShare,
          href: hrefOf(p),
        }))}
      />
      <details>
        <summary>Data table</summary>
        <TableScroll>
          <table>
            <thead>
              <tr><th scope="col">Period</th><th scope="col">Comments</th><th scope="col">Avg sentiment</th><th scope="col">Uncivil</th><th scope="col">Removed</th></tr>
            </thead>
            <tbody>
              {series.map((p) => {
                const href = hrefOf(p);
                return (
                  <tr key={p.bucket}>
                    <td>{href ? <a href={href}>{periodOf(p)}</a> : periodOf(p)}</td>
                    <td>{p.comments}</td>
                    <td>{signed(p.avgSentiment)}</td>
                    <td>{percent(p.uncivilShare)}</td>
                    <td>{percent(p.removedShare)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableScroll>
      </details>
    </>
  );
}
