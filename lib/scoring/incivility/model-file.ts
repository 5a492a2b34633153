import { z } from "zod";
import { PROFILES } from "../types";
import { DENSE_FEATURES } from "./features";

/** Attribute codes of the per-word table: one character per word. */
export const ATTRIBUTE_CODES = { "-": null, i: "insult", p: "profanity", t: "threat", a: "identityAttack", h: "hostility" } as const;
export type AttributeCode = keyof typeof ATTRIBUTE_CODES;

/** Per-word numbers are stored as integers in thousandths to keep the file small. */
export const WEIGHT_SCALE = 1000;

/**
 * A shipped incivility model: a logistic regression whose inputs are word
 * presence, the pooled pretrained vectors of the words (sum / √n, folded into one
 * number per word), and the whole-comment features of features.ts. Every term is a sum over
 * words or a named feature, so each score splits exactly into per-word evidence.
 */
export const incivilityModelSchema = z
  .object({
    format: z.literal(1),
    name: z.string(),
    version: z.string(),
    profile: z.enum(PROFILES),
    license: z.string(),
    commercialUse: z.boolean(),
    data: z.array(z.string()),
    /** Words, newline-separated; the tables below are indexed by position. */
    words: z.string(),
    /** Weight of a word being present (thousandths). */
    presence: z.array(z.number().int()),
    /** The word's weight in the pooled-vector term (thousandths), divided by √n at run time; null = no vector. */
    vector: z.array(z.number().int().nullable()),
    /** Attribute each word counts towards when it is evidence, as ATTRIBUTE_CODES. */
    attributes: z.string(),
    /** Weights per unit of the raw dense features, in DENSE_FEATURES order. */
    dense: z.array(z.number()).length(DENSE_FEATURES.length),
    bias: z.number(),
    /** Logit of an ordinary civil comment: the baseline evidence is measured from. */
    baseLogit: z.number(),
    /** Contribution (logit) a word needs to be shown as evidence. */
    minEvidence: z.number().positive(),
    training: z.record(z.string(), z.unknown()),
  })
  .refine((m) => {
    const n = m.words.split("\n").length;
    return m.presence.length === n && m.vector.length === n && m.attributes.length === n;
  }, "per-word tables must have one entry per word");
export type IncivilityModelFile = z.infer<typeof incivilityModelSchema>;
