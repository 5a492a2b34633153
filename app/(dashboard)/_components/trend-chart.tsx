"use client";

import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export type TrendPoint = { label: string; sentiment: number | null; incivility: number | null; comments: number };

/** Average sentiment (-1..1) and incivility (0..1) over time, for a thread or a commenter. */
export function TrendChart({ data, label }: { data: TrendPoint[]; label: string }) {
  if (data.length < 2) return <p className="muted">Not enough points in time for a trend yet.</p>;
  return (
    <div role="img" aria-label={label} data-testid="trend-chart">
      <ResponsiveContainer width="100%" height={200}>
        <LineChart data={data} margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="label" tick={{ fontSize: 11 }} minTickGap={20} />
          <YAxis domain={[-1, 1]} tick={{ fontSize: 11 }} />
          <Tooltip formatter={(v) => (v === null ? "–" : Number(v).toFixed(2))} />
          <Legend />
          <Line type="monotone" dataKey="sentiment" name="Average sentiment" stroke="#1f5fbf" dot={false} isAnimationActive={false} connectNulls />
          <Line type="monotone" dataKey="incivility" name="Average incivility" stroke="#b3261e" dot={false} isAnimationActive={false} connectNulls />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
