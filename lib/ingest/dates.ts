/** Dates as sources write them. Every parser returns null for "not a date", never an Invalid Date. */

const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})$/i;

function valid(date: Date, y: number, mo: number, d: number): Date | null {
  if (Number.isNaN(date.getTime())) return null;
  // Reject dates JavaScript would roll over (February 30th becomes March 2nd). setUTCFullYear
  // takes the year as written: Date.UTC reads 0–99 as 1900–1999.
  const probe = new Date(0);
  probe.setUTCFullYear(y, mo - 1, d);
  return probe.getUTCMonth() === mo - 1 && probe.getUTCDate() === d ? date : null;
}

/** ISO 8601 with a zone: `2013-10-10T19:20:29Z`, `2019-08-03T04:11:57+00:00`. */
export function parseIsoInstant(text: string): Date | null {
  const m = text.trim().match(ISO);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  // There is no year 0 (JavaScript reads it as 1 BC): it is a placeholder, not a time.
  if (y === "0000") return null;
  if (Number(h) > 23 || Number(mi) > 59 || Number(s ?? 0) > 59) return null;
  const offset = zone!.toUpperCase() === "Z" ? "Z" : zone!.replace(/^([+-]\d{2}):?(\d{2})$/, "$1:$2");
  const iso = `${y}-${mo}-${d}T${h}:${mi}:${s ?? "00"}${frac ? frac.slice(0, 4) : ""}${offset}`;
  return valid(new Date(iso), Number(y), Number(mo), Number(d));
}

/** `YYYY-MM-DD HH:MM:SS` read as UTC (WordPress `*_gmt` fields, isso). WordPress's "0000-00-00 …" means none. */
export function parseUtcDateTime(text: string): Date | null {
  const m = text.trim().match(/^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/);
  if (!m) return null;
  const [, y, mo, d, h = "00", mi = "00", s = "00"] = m;
  if (y === "0000") return null;
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return null;
  return valid(new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}Z`), Number(y), Number(mo), Number(d));
}

/**
 * RSS `pubDate`: `Tue, 14 Jan 2014 17:31:03 +0000`. One with no zone is read as UTC, as RFC 822's
 * "UT" default: read as the server's local time, the same file gave other times on other servers.
 */
export function parseRfc822(text: string): Date | null {
  if (!/^\s*(?:\w{3},\s*)?\d{1,2}\s+\w{3}\s+\d{4}\s+\d{2}:\d{2}/.test(text)) return null;
  // A zone may follow the time with or without a space: "17:31:03 +0000", "17:31:03-0500", "17:31 GMT".
  const zoned = /\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:[+-]\d{2}:?\d{2}|[A-Za-z]{1,5})\s*$/.test(text.trim());
  const date = new Date(zoned ? text : `${text.trim()} +0000`);
  return Number.isNaN(date.getTime()) ? null : date;
}

const MONTHS: Record<string, number> = {};
const MONTH_NAMES = [
  // English, German, French, Spanish, Italian, Dutch, Portuguese — the languages of common WordPress themes.
  ["january", "jan", "januar", "jänner", "janvier", "janv", "enero", "gennaio", "januari", "janeiro"],
  ["february", "feb", "februar", "février", "févr", "febrero", "febbraio", "februari", "fevereiro"],
  ["march", "mar", "märz", "maerz", "mars", "marzo", "maart", "março"],
  ["april", "apr", "avril", "abril", "aprile"],
  ["may", "mai", "mayo", "maggio", "mei", "maio"],
  ["june", "jun", "juni", "juin", "junio", "giugno", "junho"],
  ["july", "jul", "juli", "juillet", "juil", "julio", "luglio", "julho"],
  ["august", "aug", "août", "agosto", "augustus"],
  ["september", "sep", "sept", "septembre", "septiembre", "settembre", "setembro"],
  ["october", "oct", "oktober", "okt", "octobre", "octubre", "ottobre", "outubro"],
  ["november", "nov", "novembre", "noviembre", "novembro"],
  ["december", "dec", "dezember", "dez", "décembre", "déc", "diciembre", "dicembre", "dezembro"],
];
MONTH_NAMES.forEach((names, i) => names.forEach((n) => (MONTHS[n] = i + 1)));

function clock(h: string | undefined, mi: string | undefined, ampm: string | undefined): [number, number] | null {
  if (h === undefined) return [0, 0];
  let hour = Number(h);
  const minute = Number(mi ?? 0);
  if (ampm) {
    const pm = /^p/i.test(ampm);
    if (hour < 1 || hour > 12) return null;
    hour = (hour % 12) + (pm ? 12 : 0);
  }
  return hour > 23 || minute > 59 ? null : [hour, minute];
}

const TIME = String.raw`(?:\s*(?:,|at|um|à|a las|alle|om|às|-)?\s*(\d{1,2})\s?[:.h]\s?(\d{2})\s*(am|pm|a\.m\.|p\.m\.)?)?`;
const DAY_FIRST = new RegExp(String.raw`^(\d{1,2})\.?\s+(?:de\s+)?([\p{L}]+)\.?\s+(?:de\s+)?(\d{4})${TIME}`, "iu");
const MONTH_FIRST = new RegExp(String.raw`^([\p{L}]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})${TIME}`, "iu");
const NUMERIC = new RegExp(String.raw`^(\d{4})-(\d{2})-(\d{2})${TIME}`, "iu");

/**
 * A date as themes print it next to a comment, without a zone: "22. Juli 2019 at
 * 16:25", "July 11, 2011 at 12:25 pm", "3 août 2019 à 16 h 25", "2019-08-03 16:25".
 * Read as UTC wall-clock time; callers mark it estimated.
 */
export function parseDisplayedDate(text: string): Date | null {
  const t = text.replace(/\s+/g, " ").trim();
  let y: number, mo: number | undefined, d: number, time: [number, number] | null;
  let m = t.match(DAY_FIRST);
  if (m) {
    [y, mo, d] = [Number(m[3]), MONTHS[m[2]!.toLowerCase()], Number(m[1])];
    time = clock(m[4], m[5], m[6]);
  } else if ((m = t.match(MONTH_FIRST))) {
    [y, mo, d] = [Number(m[3]), MONTHS[m[1]!.toLowerCase()], Number(m[2])];
    time = clock(m[4], m[5], m[6]);
  } else if ((m = t.match(NUMERIC))) {
    [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    time = clock(m[4], m[5], m[6]);
  } else return null;
  if (!mo || !time || mo > 12 || d < 1 || d > 31) return null;
  return valid(new Date(Date.UTC(y, mo - 1, d, time[0], time[1])), y, mo, d);
}
