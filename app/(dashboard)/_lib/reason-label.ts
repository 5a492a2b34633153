// A flag reason stores its threshold as the fraction it was compared with ("insult ≥ 0.7").
const AT_LEAST_FRACTION = /^(.*≥\s*)(\d+(?:\.\d+)?)$/;

/**
 * A flag reason as the pages print it: a threshold in percent, as scores and the settings page
 * give them ("insult ≥ 0.7" → "insult ≥ 70%"). Any other reason is returned as it is.
 */
export function reasonLabel(reason: string): string {
  const match = AT_LEAST_FRACTION.exec(reason);
  if (!match) return reason;
  const value = Number(match[2]);
  return value <= 1 ? `${match[1]}${Math.round(value * 100)}%` : reason;
}
