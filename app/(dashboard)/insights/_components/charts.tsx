"use client";

import { useRouter } from "next/navigation";
import {
  Bar, BarChart, CartesianGrid, Cell, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis,
} from "recharts";

const BLUE = "#1f5fbf";
const RED = "#b3261e";
// Dark enough to read against white beside the other series (3:1 for graphics).
const GREY = "#6b7385";
const GREEN = "#1e7a3a";
const AMBER = "#9a6700";

// Every chart passes accessibilityLayer={false}: recharts would make each drawing a tab stop reading
// out points, inside a role="img" whose name already says what it shows; the data tables give the figures.

/** Legend labels in the page's text colour: a light series colour (the comment bars) is unreadable as text. */
const legendText = (value: string) => <span style={{ color: "var(--text)" }}>{value}</span>;

const percent = (v: unknown) => (v === null || v === undefined ? "–" : `${Math.round(Number(v) * 100)}%`);
const signed = (v: unknown) => (v === null || v === undefined ? "–" : Number(v).toFixed(2));

export type TrendRow = {
  label: string;
  range: string;
  comments: number;
  avgSentiment: number | null;
  uncivilShare: number | null;
  /** Where a click on the bar goes; none, no link. */
  href?: string;
};

/**
 * A round top for a share axis, so its five ticks read 0%, 5%, 10%… rather than 0%, 5%, 9%:
 * each top divides into quarters of whole percent.
 */
const niceShare = (shares: (number | null)[]) => {
  const top = Math.max(0, ...shares.map((v) => v ?? 0));
  return [0.04, 0.08, 0.2, 0.4, 0.6, 0.8, 1].find((step) => top <= step) ?? 1;
};

type DotProps = { cx?: number; cy?: number; index?: number };

/**
 * Lines break over periods without comments instead of drawing a trend through them; a period with
 * comments between two empty ones would then draw nothing, so it alone gets a dot.
 */
const isolatedDot = (data: TrendRow[], key: "avgSentiment" | "uncivilShare", color: string) => {
  const has = (i: number) => data[i]?.[key] !== null && data[i]?.[key] !== undefined;
  return function IsolatedDot({ cx, cy, index = -1 }: DotProps) {
    if (cx === undefined || cy === undefined || !has(index) || has(index - 1) || has(index + 1)) return <g key={`${key}-${index}`} />;
    // A path, not a <circle>: the page's own markup keeps to what the XSS tests allow.
    return <path key={`${key}-${index}`} d={`M${cx - 3},${cy}a3,3 0 1,0 6,0a3,3 0 1,0 -6,0`} fill={color} stroke="none" />;
  };
};

/** Comments per bucket (bars) with average sentiment and uncivil share (lines). A bar opens its comments. */
export function TrendChart({ data }: { data: TrendRow[] }) {
  const router = useRouter();
  return (
    <div role="img" aria-label={`Comments, average sentiment and uncivil share over ${data.length} periods`} className="trend-chart" data-testid="trend-chart">
      <ResponsiveContainer width="100%" height={320}>
        <ComposedChart accessibilityLayer={false} data={data} margin={{ top: 8, right: 8, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="label" tick={{ fontSize: 11 }} minTickGap={16} />
          <YAxis yAxisId="count" allowDecimals={false} tick={{ fontSize: 11 }} width={44} />
          <YAxis yAxisId="score" orientation="right" domain={[-1, 1]} tick={{ fontSize: 11 }} width={36} />
          {/* The uncivil share is a fraction: its own axis in percent, not the -1..1 sentiment scale. */}
          <YAxis yAxisId="share" orientation="right" domain={[0, niceShare(data.map((d) => d.uncivilShare))]} tickFormatter={percent} tick={{ fontSize: 11 }} width={40} />
          <Tooltip
            labelFormatter={(_, payload) => payload?.[0]?.payload?.range ?? ""}
            formatter={(value, name) => (name === "Uncivil share" ? percent(value) : name === "Comments" ? String(value) : signed(value))}
          />
          <Legend formatter={legendText} />
          <Bar
            yAxisId="count" dataKey="comments" name="Comments" fill="#c9d6ee" isAnimationActive={false} cursor={data.some((d) => d.href) ? "pointer" : undefined}
            onClick={(entry) => {
              const href = (entry as unknown as { payload?: TrendRow }).payload?.href;
              if (href) router.push(href);
            }}
          />
          <Line yAxisId="score" type="monotone" dataKey="avgSentiment" name="Average sentiment" stroke={BLUE} dot={isolatedDot(data, "avgSentiment", BLUE)} isAnimationActive={false} />
          {/* Dashed as well as red: the two lines differ by more than colour. */}
          <Line yAxisId="share" type="monotone" dataKey="uncivilShare" name="Uncivil share" stroke={RED} strokeDasharray="6 3" dot={isolatedDot(data, "uncivilShare", RED)} isAnimationActive={false} />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}

export type BinRow = { label: string; comments: number; low: number };

/** How many comments fall in each sentiment band, red for negative, green for positive. */
export function SentimentHistogram({ data }: { data: BinRow[] }) {
  return (
    <div role="img" aria-label="Histogram of comment sentiment from -1 to 1" data-testid="sentiment-histogram">
      <ResponsiveContainer width="100%" height={220}>
        <BarChart accessibilityLayer={false} data={data} margin={{ top: 8, right: 8, bottom: 8, left: 0 }} barCategoryGap={1}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="label" tick={{ fontSize: 10 }} interval={1} />
          <YAxis allowDecimals={false} tick={{ fontSize: 11 }} width={44} />
          <Tooltip />
          <Bar dataKey="comments" name="Comments" isAnimationActive={false}>
            {data.map((d) => (
              <Cell key={d.label} fill={d.low < -0.1 ? RED : d.low >= 0.1 ? GREEN : GREY} />
            ))}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

export type AttributeBar = { label: string; share: number; present: number; href: string };

/** Share of scored comments showing each kind of incivility. A bar opens those comments. */
export function AttributeChart({ data }: { data: AttributeBar[] }) {
  const router = useRouter();
  return (
    <div role="img" aria-label="Bar chart of incivility attributes" data-testid="attribute-chart">
      <ResponsiveContainer width="100%" height={Math.max(160, data.length * 36)}>
        <BarChart accessibilityLayer={false} data={data} layout="vertical" margin={{ top: 4, right: 24, bottom: 4, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" horizontal={false} />
          <XAxis type="number" domain={[0, niceShare(data.map((d) => d.share))]} tickFormatter={percent} tick={{ fontSize: 11 }} />
          <YAxis type="category" dataKey="label" width={110} tick={{ fontSize: 12 }} />
          <Tooltip formatter={(v, _n, item) => `${percent(v)} (${(item?.payload as AttributeBar | undefined)?.present ?? 0} comments)`} />
          <Bar
            dataKey="share" name="Share of comments" fill={AMBER} isAnimationActive={false} cursor="pointer"
            onClick={(entry) => {
              const href = (entry as unknown as { payload?: AttributeBar }).payload?.href;
              if (href) router.push(href);
            }}
          />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

export type WorkloadRow = { label: string; approve: number; reject: number; escalate: number; restore: number; enteredQueue: number };

/** Decisions per period by action (stacked) and comments that entered the queue (line). */
export function WorkloadChart({ data }: { data: WorkloadRow[] }) {
  return (
    <div role="img" aria-label="Moderator decisions per period" data-testid="workload-chart">
      <ResponsiveContainer width="100%" height={240}>
        <ComposedChart accessibilityLayer={false} data={data} margin={{ top: 8, right: 8, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="label" tick={{ fontSize: 11 }} minTickGap={16} />
          <YAxis allowDecimals={false} tick={{ fontSize: 11 }} width={44} />
          <Tooltip />
          <Legend formatter={legendText} />
          <Bar dataKey="approve" name="Approved" stackId="d" fill={GREEN} isAnimationActive={false} />
          <Bar dataKey="reject" name="Rejected" stackId="d" fill={RED} isAnimationActive={false} />
          <Bar dataKey="escalate" name="Escalated" stackId="d" fill={AMBER} isAnimationActive={false} />
          <Bar dataKey="restore" name="Restored" stackId="d" fill={GREY} isAnimationActive={false} />
          <Line type="monotone" dataKey="enteredQueue" name="Entered the queue" stroke={BLUE} dot={false} isAnimationActive={false} />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}

export type SimpleBar = { label: string; value: number };

/** A small bar chart of counts (time to decision, backlog by age). */
export function CountChart({ data, name, label, testId }: { data: SimpleBar[]; name: string; label: string; testId: string }) {
  return (
    <div role="img" aria-label={label} data-testid={testId}>
      <ResponsiveContainer width="100%" height={200}>
        <BarChart accessibilityLayer={false} data={data} margin={{ top: 8, right: 8, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="label" tick={{ fontSize: 10 }} interval={0} angle={-30} textAnchor="end" height={54} />
          <YAxis allowDecimals={false} tick={{ fontSize: 11 }} width={40} />
          <Tooltip />
          <Bar dataKey="value" name={name} fill={BLUE} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
