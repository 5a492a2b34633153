/**
 * Words that name a group of people by religion, origin, race, sexuality, gender,
 * gender identity or disability (hand-written). In the labelled sets they appear mostly
 * in attacks, so a model that weighs them learns that naming a group is uncivil.
 * The incivility model gives them no weight, vector or strength of their own and
 * reads them only next to negative or lexicon words (identityNearNegative); the
 * sentiment extension gives them no guessed valence.
 */
export const IDENTITY_WORDS: ReadonlySet<string> = new Set(
  (
    "gay gays lesbian lesbians bisexual bisexuals homosexual homosexuals homosexuality heterosexual heterosexuals " +
    "transgender transgenders transsexual transsexuals trans queer queers lgbt lgbtq lgbtq2 lgbtqia " +
    "muslim muslims moslem moslems islam islamic jew jews jewish judaism christian christians christianity " +
    "catholic catholics protestant protestants evangelical evangelicals hindu hindus hinduism sikh sikhs " +
    "buddhist buddhists mormon mormons atheist atheists " +
    "black blacks white whites asian asians african africans african-american african-americans " +
    "mexican mexicans arab arabs hispanic hispanics latino latinos latina latinas chinese japanese korean " +
    "indian indians pakistani pakistanis somali somalis syrian syrians palestinian palestinians " +
    "indigenous aboriginal aboriginals native natives first-nations inuit metis " +
    "immigrant immigrants migrant migrants refugee refugees newcomer newcomers " +
    "disabled handicapped deaf autistic " +
    // Gender words too: in the news comments "man" alone carried hostility ("I am a tall man." 0.47).
    "man men woman women male males female females"
  ).split(" "),
);

/** True when a word (lower-cased, as tokenize() gives it) names a group of people; a possessive counts. */
export function isIdentityWord(norm: string): boolean {
  return IDENTITY_WORDS.has(norm) || (norm.endsWith("'s") && IDENTITY_WORDS.has(norm.slice(0, -2)));
}
