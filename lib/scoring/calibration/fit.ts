/**
 * Logistic regression for a handful of features, fitted by Newton's method with an
 * L2 pull towards prior weights: with few labels the fit stays near the prior (the
 * shipped model), with many the labels decide.
 */
export function fitLogisticTowards(
  rows: readonly { x: readonly number[]; y: number }[],
  prior: readonly number[],
  lambda: number,
  iterations = 50,
): { weights: number[]; bias: number } {
  const d = prior.length;
  const n = d + 1;
  const theta = [...prior, 0];
  for (let iter = 0; iter < iterations; iter++) {
    const g = new Float64Array(n);
    const h = Array.from({ length: n }, () => new Float64Array(n));
    for (const row of rows) {
      let z = theta[d]!;
      for (let i = 0; i < d; i++) z += theta[i]! * row.x[i]!;
      const p = 1 / (1 + Math.exp(-z));
      const e = p - row.y;
      const w = p * (1 - p);
      for (let i = 0; i < n; i++) {
        const xi = i === d ? 1 : row.x[i]!;
        g[i] = g[i]! + e * xi;
        for (let j = 0; j < n; j++) h[i]![j] = h[i]![j]! + w * xi * (j === d ? 1 : row.x[j]!);
      }
    }
    for (let i = 0; i < d; i++) {
      g[i] = g[i]! + lambda * (theta[i]! - prior[i]!);
      h[i]![i] = h[i]![i]! + lambda;
    }
    h[d]![d] = h[d]![d]! + 1e-6;
    const step = solve(h, g);
    let size = 0;
    for (let i = 0; i < n; i++) {
      theta[i] = theta[i]! - step[i]!;
      size += Math.abs(step[i]!);
    }
    if (size < 1e-8) break;
  }
  return { weights: theta.slice(0, d), bias: theta[d]! };
}

/** Solves A x = b (Gauss–Jordan with partial pivoting). */
function solve(a: Float64Array[], b: Float64Array): Float64Array {
  const n = b.length;
  const m = a.map((row, i) => Float64Array.from([...row, b[i]!]));
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let i = c + 1; i < n; i++) if (Math.abs(m[i]![c]!) > Math.abs(m[pivot]![c]!)) pivot = i;
    [m[c], m[pivot]] = [m[pivot]!, m[c]!];
    for (let i = 0; i < n; i++) {
      if (i === c || m[c]![c] === 0) continue;
      const f = m[i]![c]! / m[c]![c]!;
      for (let j = c; j <= n; j++) m[i]![j] = m[i]![j]! - f * m[c]![j]!;
    }
  }
  return Float64Array.from({ length: n }, (_, i) => (m[i]![i] ? m[i]![n]! / m[i]![i]! : 0));
}
