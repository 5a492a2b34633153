/**
 * Function words: never shown as evidence (they move scores only together with
 * others) and never given a valence by the word-vector extension.
 */
export const STOPWORDS: ReadonlySet<string> = new Set(
  (
    "a about above after again against all also am an and any are as at be because been before being below between " +
    "both but by can could did do does doing down during each either else ever every few for from further had has have " +
    "having he her here hers herself him himself his how i if in into is it its itself just let me might more most " +
    "must my myself neither no nor not now of off on once one only or other our ours ourselves out over own per quite " +
    "rather same shall she should since so some such than that the their theirs them themselves then there these they " +
    "this those though through thus to too under until up upon us very via was we were what when where whether which " +
    "while who whom whose why will with within without would yet you your yours yourself yourselves i'm i've i'd i'll " +
    "you're you've you'll you'd he's she's it's we're we've they're they've that's there's what's let's isn't aren't " +
    "wasn't weren't don't doesn't didn't won't can't couldn't shouldn't wouldn't u ur ya im ive dont doesnt didnt " +
    "mr mrs ms dr st re vs etc eg ie said says say get got gets go goes went going make makes made one two three"
  ).split(" "),
);
