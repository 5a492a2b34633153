import type { ReactNode } from "react";
import { TableScroll } from "../../_components/table-scroll";

/**
 * A chart's figures as a table under a "Data table" disclosure: what a screen reader reads
 * instead of the drawing, and what tells apart series that differ only by colour.
 */
export function ChartTable({ headers, rows }: { headers: string[]; rows: ReactNode[][] }) {
  return (
    <details>
      <summary>Data table</summary>
      <TableScroll>
        <table>
          <thead>
            <tr>
              {headers.map((h) => (
                <th scope="col" key={h}>{h}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row, i) => (
              <tr key={i}>
                {row.map((cell, j) => (j === 0 ? <th scope="row" key={j}>{cell}</th> : <td key={j}>{cell}</td>))}
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </details>
  );
}
