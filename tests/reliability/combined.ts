import type { Finding, Tally } from "./fuzz-report";
import type { PartResult } from "./faults";

/** One line of the closing table: what a part tried and what it found. */
export type CombinedRow = { part: string; requests: number; payloads: number; faults: number; losses: number };

type FuzzResult = {
  tallies: Tally[];
  found: Finding[];
  extra: { payloadsTried: number; payloadsAltered: number; entityFetches: number; canaryLeaks: number };
};

/**
 * Fuzzing parts count files and payloads (inputs), system parts count HTTP requests;
 * a loss is any finding: a crash, hang, unclear error or partial write, a payload
 * stored other than written, an external entity fetched, a request that failed, or
 * a decision lost or applied twice.
 */
export function combinedRows(fuzz: FuzzResult, system: PartResult[]): CombinedRow[] {
  const rows: CombinedRow[] = fuzz.tallies.map((t, i) => {
    const findings = fuzz.found.filter((f) => f.part === t.part).length;
    // The first part is the payload corpus: its files carry many payloads each, counted one by one.
    const leaks = i === 0 ? fuzz.extra.payloadsAltered : t.part === "hand-built attacks" ? fuzz.extra.entityFetches + fuzz.extra.canaryLeaks : 0;
    return { part: `import fuzzing: ${t.part}`, requests: 0, payloads: i === 0 ? fuzz.extra.payloadsTried : t.files, faults: 0, losses: findings + leaks };
  });
  for (const p of system) rows.push({ part: p.part, requests: p.tried, payloads: 0, faults: p.faults, losses: p.losses });
  return rows;
}

/** Prints the table with a total line; returns the total of losses. */
export function printCombined(rows: CombinedRow[], out: (line: string) => void): number {
  const total = rows.reduce(
    (sum, r) => ({ ...sum, requests: sum.requests + r.requests, payloads: sum.payloads + r.payloads, faults: sum.faults + r.faults, losses: sum.losses + r.losses }),
    { part: "total", requests: 0, payloads: 0, faults: 0, losses: 0 },
  );
  const header = ["part", "requests tried", "payloads tried", "faults injected", "losses found"];
  const cells = [...rows, total].map((r) => [r.part, String(r.requests), String(r.payloads), String(r.faults), String(r.losses)]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => c.map((v, i) => (i === 0 ? v.padEnd(widths[i]!) : v.padStart(widths[i]!))).join("  ");
  const rule = widths.map((w) => "-".repeat(w)).join("  ");
  out(line(header));
  out(rule);
  for (const c of cells.slice(0, -1)) out(line(c));
  out(rule);
  out(line(cells[cells.length - 1]!));
  return total.losses;
}
