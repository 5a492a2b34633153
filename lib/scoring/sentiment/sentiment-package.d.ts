// The `sentiment` package's own lexicon loader: AFINN-165 plus its emoji ranking.
declare module "sentiment/lib/language-processor.js" {
  const languageProcessor: { getLabels(languageCode: string): Record<string, number> };
  export default languageProcessor;
}
