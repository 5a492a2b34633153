/**
 * Weighted ridge regression with an unpenalised intercept, solved exactly
 * (normal equations, Gauss–Jordan with partial pivoting). For small dense problems
 * such as word vector → valence (100 inputs).
 */
export function fitRidge(
  rows: readonly { x: ArrayLike<number>; y: number; weight?: number }[],
  dims: number,
  lambda: number,
): { coefficients: Float64Array; intercept: number } {
  const n = dims + 1;
  const a = Array.from({ length: n }, () => new Float64Array(n + 1));
  const x = new Float64Array(n);
  for (const row of rows) {
    const w = row.weight ?? 1;
    for (let i = 0; i < dims; i++) x[i] = row.x[i]!;
    x[dims] = 1;
    for (let i = 0; i < n; i++) {
      const wi = w * x[i]!;
      const ai = a[i]!;
      for (let j = 0; j < n; j++) ai[j] = ai[j]! + wi * x[j]!;
      ai[n] = ai[n]! + wi * row.y;
    }
  }
  for (let i = 0; i < dims; i++) a[i]![i] = a[i]![i]! + lambda;
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let i = c + 1; i < n; i++) if (Math.abs(a[i]![c]!) > Math.abs(a[pivot]![c]!)) pivot = i;
    [a[c], a[pivot]] = [a[pivot]!, a[c]!];
    const ac = a[c]!;
    if (Math.abs(ac[c]!) < 1e-12) throw new Error("ridge regression: singular system");
    for (let i = 0; i < n; i++) {
      if (i === c) continue;
      const ai = a[i]!;
      const f = ai[c]! / ac[c]!;
      if (f === 0) continue;
      for (let j = c; j <= n; j++) ai[j] = ai[j]! - f * ac[j]!;
    }
  }
  const coefficients = new Float64Array(dims);
  for (let i = 0; i < dims; i++) coefficients[i] = a[i]![n]! / a[i]![i]!;
  return { coefficients, intercept: a[dims]![n]! / a[dims]![dims]! };
}
