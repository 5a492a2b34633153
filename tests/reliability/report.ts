import type { PartResult } from "./faults";

/** Prints the proof summary as a table; returns the number of losses. */
export function printSummary(parts: PartResult[], out: (line: string) => void = (l) => process.stdout.write(`${l}\n`)): number {
  const rows = parts.map((p) => [p.part, String(p.tried), String(p.faults), String(p.losses)]);
  const header = ["part", "tried", "faults injected", "losses found"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  out(line(header));
  out(widths.map((w) => "-".repeat(w)).join("  "));
  for (const r of rows) out(line(r));
  const losses = parts.reduce((sum, p) => sum + p.losses, 0);
  out(line(["total", String(parts.reduce((s, p) => s + p.tried, 0)), String(parts.reduce((s, p) => s + p.faults, 0)), String(losses)]));
  for (const p of parts) for (const n of p.notes) out(`  ${p.part}: ${n}`);
  return losses;
}
