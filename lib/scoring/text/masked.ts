/**
 * Words commenters mask with asterisks to get past filters ("f*ck", "sh*t", "a**hole"),
 * most common first: a masked word reads as the first of these it fits, letter for
 * letter, each "*" standing for one letter. Written from general knowledge of English.
 */
const MASKED_WORDS = [
  "fuck", "fucking", "fucked", "fucker", "fuckers", "fucks", "shit", "shitty", "bullshit", "bitch", "bitches", "asshole",
  "assholes", "ass", "damn", "crap", "piss", "pissed", "pissing", "dick", "dickhead", "cunt", "bastard", "bastards",
  "whore", "slut", "idiot", "idiots", "moron", "morons", "stupid", "retard", "retarded", "motherfucker", "goddamn",
  "nigger", "niggers", "faggot", "faggots", "wanker", "twat", "prick", "hell",
];

const byLength = new Map<number, string[]>();
for (const word of MASKED_WORDS) byLength.set(word.length, [...(byLength.get(word.length) ?? []), word]);

/** The word a masked word stands for, or null when none fits. `masked` is lower-case, with "*" for hidden letters. */
export function unmask(masked: string): string | null {
  for (const word of byLength.get(masked.length) ?? []) {
    let fits = true;
    for (let i = 0; i < word.length && fits; i++) fits = masked[i] === "*" || masked[i] === word[i];
    if (fits) return word;
  }
  return null;
}
