import type { Verdict } from "./fuzz-worker-pool";

/** Counts for one part of the run (payload corpus, hand-built attacks, mutations). */
export type Tally = {
  part: string;
  files: number;
  imported: number;
  rejected: number;
  crashes: number;
  hangs: number;
  unclear: number;
  partial: number;
  /** Import times in milliseconds, for percentiles. */
  times: number[];
};

/** A file whose result is a finding, with what it takes to reproduce it. */
export type Finding = { part: string; label: string; verdict: Verdict; savedAs?: string };

export const newTally = (part: string): Tally => ({ part, files: 0, imported: 0, rejected: 0, crashes: 0, hangs: 0, unclear: 0, partial: 0, times: [] });

const KEYS = { imported: "imported", rejected: "rejected", crash: "crashes", hang: "hangs", unclear: "unclear", partial: "partial" } as const;

/** Adds a verdict; returns whether it is a finding (anything but imported or rejected). */
export function count(tally: Tally, verdict: Verdict): boolean {
  tally.files++;
  tally[KEYS[verdict.kind]]++;
  tally.times.push(verdict.ms);
  return verdict.kind !== "imported" && verdict.kind !== "rejected";
}

/** Rejection reasons with their particulars (numbers, quoted values, names) blanked, to count kinds. */
export function reasonKind(message: string): string {
  return message
    .replace(/"[^"]*"|“[^”]*”|\([^)]*\)/g, "…")
    .replace(/<[^>]*>/g, "<…>")
    .replace(/\d[\d,.]*/g, "N")
    .replace(/^comment [^:]+:/, "comment …:")
    .slice(0, 110);
}

function percentile(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : 0;
}

/** Prints the summary table the proofs are read from. */
export function printFuzzSummary(
  tallies: Tally[],
  extra: {
    payloadsTried: number;
    payloadsAltered: number;
    entityFetches: number;
    canaryLeaks: number;
    seconds: number;
    peakRssMb: number;
    /** Rejection kind → how many, and one message as written. */
    reasons: Map<string, { n: number; example: string }>;
    /** The file during which the importer's memory peaked. */
    peakFile: string;
  },
  out: (line: string) => void,
): void {
  const header = ["part", "files tried", "imported", "rejected", "crashes", "hangs", "unclear errors", "partial writes found"];
  const total = tallies.reduce((sum, t) => {
    for (const k of ["files", "imported", "rejected", "crashes", "hangs", "unclear", "partial"] as const) sum[k] += t[k];
    sum.times.push(...t.times);
    return sum;
  }, newTally("total"));
  const row = (t: Tally) => [t.part, t.files, t.imported, t.rejected, t.crashes, t.hangs, t.unclear, t.partial].map(String);
  const rows = [...tallies, total].map(row);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  out(line(header));
  out(widths.map((w) => "-".repeat(w)).join("  "));
  for (const r of rows.slice(0, -1)) out(line(r));
  out(widths.map((w) => "-".repeat(w)).join("  "));
  out(line(rows[rows.length - 1]!));
  const sorted = [...total.times].sort((a, b) => a - b);
  out("");
  out(`payloads tried: ${extra.payloadsTried} (stored other than written: ${extra.payloadsAltered})`);
  out(`external entities or DTDs fetched: ${extra.entityFetches}; canary file contents found in the database: ${extra.canaryLeaks}`);
  out(`time per file: p50 ${percentile(sorted, 50)} ms, p95 ${percentile(sorted, 95)} ms, max ${sorted[sorted.length - 1] ?? 0} ms; ` +
    `whole run ${extra.seconds.toFixed(0)} s; importer peak memory (RSS) ${extra.peakRssMb} MB (${extra.peakFile})`);
  out("most frequent kinds of rejection, one message each:");
  for (const { n, example } of [...extra.reasons.values()].sort((a, b) => b.n - a.n).slice(0, 15)) out(`  ${String(n).padStart(6)}  ${example.slice(0, 150)}`);
}
