"use client";

import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

/** `at`: the period's start (ms), so points stand as far apart as their times; `label` names it in the tooltip. */
export type TrendPoint = { label: string; at: number; sentiment: number | null; incivility: number | null; comments: number };

const DAY = 86_400_000;

/**
 * Average sentiment (-1..1) and incivility (0..1) over time, for a thread or a commenter; the axis
 * names days and hours as they are in `timeZone`.
 */
export function TrendChart({ data, label, timeZone }: { data: TrendPoint[]; label: string; timeZone: string }) {
  if (!data.length) return <p className="muted">No points in time for a trend yet.</p>;
  const span = data[data.length - 1]!.at - data[0]!.at;
  const format = new Intl.DateTimeFormat(
    "en-GB",
    span > 3 * DAY ? { day: "numeric", month: "short", timeZone } : { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", timeZone },
  );
  const tick = (ms: number) => format.format(new Date(ms));
  const labelAt = new Map(data.map((d) => [d.at, d.label]));
  return (
    <div data-testid="trend-chart">
      {/* One point draws no line, but its figures still belong in the table. */}
      {data.length < 2 ? <p className="muted">Not enough points in time for a trend yet.</p> : (
      <div role="img" aria-label={`${label} (the figures are in the data table below)`}>
      {/* No accessibility layer: it would make the drawing a tab stop inside this image, whose figures are in the table. */}
      <ResponsiveContainer width="100%" height={200}>
        <LineChart accessibilityLayer={false} data={data} margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" />
          {/* A time axis: two hours apart look twice as far apart as one hour. */}
          <XAxis dataKey="at" type="number" scale="time" domain={["dataMin", "dataMax"]} tickFormatter={tick} tick={{ fontSize: 11 }} minTickGap={20} />
          <YAxis domain={[-1, 1]} tick={{ fontSize: 11 }} />
          <Tooltip labelFormatter={(at) => labelAt.get(Number(at)) ?? tick(Number(at))} formatter={(v) => (v === null ? "–" : Number(v).toFixed(2))} />
          <Legend />
          {/* Straight segments between measured points: a smoothed curve would invent values between them. */}
          <Line type="linear" dataKey="sentiment" name="Average sentiment" stroke="#1f5fbf" dot={false} isAnimationActive={false} connectNulls />
          {/* Dashed as well as red, so the two lines differ without colour. */}
          <Line type="linear" dataKey="incivility" name="Average incivility" stroke="#b3261e" strokeDasharray="6 3" dot={false} isAnimationActive={false} connectNulls />
        </LineChart>
      </ResponsiveContainer>
      </div>
      )}
      <details>
        <summary>Data table</summary>
        <div className="table-scroll">
          <table>
            <caption className="sr-only">{label}</caption>
            <thead>
              <tr><th scope="col">Period</th><th scope="col">Comments</th><th scope="col">Average sentiment</th><th scope="col">Average incivility</th></tr>
            </thead>
            <tbody>
              {data.map((d) => (
                <tr key={d.at}>
                  <th scope="row">{d.label}</th>
                  <td>{d.comments.toLocaleString("en")}</td>
                  <td>{d.sentiment === null ? "–" : d.sentiment.toFixed(2)}</td>
                  <td>{d.incivility === null ? "–" : d.incivility.toFixed(2)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </div>
  );
}
