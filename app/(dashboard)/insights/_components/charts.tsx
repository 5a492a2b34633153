"use client";

import {
  Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis,
} from "recharts";
import type { ArticlePoint, DayPoint } from "@/lib/analytics/daily";

const percent = (v: number) => `${Math.round(v * 100)}%`;

export function DailyChart({ data }: { data: DayPoint[] }) {
  return (
    <div role="img" aria-label={`Line chart of average sentiment and uncivil share over ${data.length} days`} data-testid="daily-chart">
      <ResponsiveContainer width="100%" height={300}>
        <LineChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="day" tick={{ fontSize: 11 }} minTickGap={24} />
          <YAxis yAxisId="sentiment" domain={[-1, 1]} tick={{ fontSize: 11 }} />
          <YAxis yAxisId="share" orientation="right" domain={[0, 1]} tickFormatter={percent} tick={{ fontSize: 11 }} />
          <Tooltip formatter={(value, name) => (name === "Uncivil share" ? percent(Number(value)) : Number(value).toFixed(2))} />
          <Legend />
          <Line yAxisId="sentiment" type="monotone" dataKey="avgSentiment" name="Average sentiment" stroke="#1f5fbf" dot={false} isAnimationActive={false} />
          <Line yAxisId="share" type="monotone" dataKey="uncivilShare" name="Uncivil share" stroke="#b3261e" dot={false} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}

export function ArticleChart({ data }: { data: ArticlePoint[] }) {
  const rows = data.map((d) => ({ ...d, label: d.title.length > 32 ? `${d.title.slice(0, 31)}…` : d.title }));
  return (
    <div role="img" aria-label={`Bar chart of the ${data.length} most-commented articles`} data-testid="article-chart">
      <ResponsiveContainer width="100%" height={Math.max(240, rows.length * 30)}>
        <BarChart data={rows} layout="vertical" margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis type="number" domain={[-1, 1]} tick={{ fontSize: 11 }} />
          <YAxis type="category" dataKey="label" width={210} tick={{ fontSize: 11 }} />
          <Tooltip formatter={(value, name) => (name === "Uncivil share" ? percent(Number(value)) : Number(value).toFixed(2))} />
          <Legend />
          <Bar dataKey="avgSentiment" name="Average sentiment" fill="#1f5fbf" isAnimationActive={false} />
          <Bar dataKey="uncivilShare" name="Uncivil share" fill="#b3261e" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
