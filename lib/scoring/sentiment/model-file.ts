import { z } from "zod";

/** The shipped sentiment model: the word-vector extension of the lexicon and the calibrated numbers. */
export const sentimentModelSchema = z.object({
  format: z.literal(1),
  version: z.string(),
  /** Word → valence on AFINN's -5..5 scale, for words AFINN and the hand lists lack. */
  extension: z.record(z.string(), z.number().min(-5).max(5)),
  /** Weight on VADER's valences for words AFINN and the hand lists lack (absent: VADER unused). */
  vader: z.number().min(0).max(2).optional(),
  scale: z.number().positive(),
  neutralBand: z.number().min(0).max(1),
  /** A label other than neutral needs one word contributing at least this much (absent: 0). */
  neutralWord: z.number().min(0).optional(),
  /** The scale grows with the number of words to this power (0 = not at all). */
  lengthExponent: z.number().min(0).max(1),
  /** Rule weights chosen by calibration (absent: the defaults of rules.ts). */
  rules: z.object({ negation: z.number(), beforeContrast: z.number(), afterContrast: z.number(), positive: z.number() }).optional(),
  /** How these were chosen and what they scored, for the model card. */
  training: z.record(z.string(), z.unknown()),
});
export type SentimentModelFile = z.infer<typeof sentimentModelSchema>;
