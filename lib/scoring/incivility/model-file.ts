import { z } from "zod";
import { PROFILES } from "../types";
import { DENSE_FEATURES } from "./features";

/** Attribute codes of the per-word table: one character per word. */
export const ATTRIBUTE_CODES = { "-": null, i: "insult", p: "profanity", t: "threat", a: "identityAttack", h: "hostility" } as const;
export type AttributeCode = keyof typeof ATTRIBUTE_CODES;

/** Per-word numbers are stored as integers in thousandths to keep the file small. */
export const WEIGHT_SCALE = 1000;

/** The two "strongest word" features: the highest word strength, and the mean of the two highest. */
export const STRONGEST_FEATURES = ["strongestWord", "strongestTwo"] as const;

/**
 * A shipped incivility model: a logistic regression whose inputs are word
 * presence, the pooled pretrained vectors of the words (sum / √n, folded into one
 * number per word), the whole-comment features of features.ts, and the strength of
 * the strongest words (each word's score under a first-stage model of the same
 * form, max-pooled), plus a second weight for each word where it opens a sentence.
 * Every term is a sum over words, a named feature, or belongs to the one or two
 * strongest words, so each score splits exactly into per-word evidence.
 */
export const incivilityModelSchema = z
  .object({
    format: z.literal(2),
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
    /** The word's strength (thousandths): its first-stage score, max-pooled into STRONGEST_FEATURES. */
    strength: z.array(z.number().int()),
    /**
     * Weight of the word opening a sentence (thousandths), added to its presence weight
     * there: "Sit down.", "Carry on ignoring…" (absent in files before 1.5.0: none).
     */
    initial: z.array(z.number().int()).optional(),
    /** Attribute each word counts towards when it is evidence, as ATTRIBUTE_CODES. */
    attributes: z.string(),
    /** Weights per unit of the raw dense features, in DENSE_FEATURES order. */
    dense: z.array(z.number()).length(DENSE_FEATURES.length),
    /** Weights per unit of the raw STRONGEST_FEATURES. */
    strongest: z.array(z.number()).length(STRONGEST_FEATURES.length),
    /** Their mean over the training rows: evidence counts only what a comment's strongest words add beyond it. */
    strongestCentre: z.array(z.number()).length(STRONGEST_FEATURES.length),
    bias: z.number(),
    /** Logit of an ordinary civil comment: the baseline evidence is measured from. */
    baseLogit: z.number(),
    /** Contribution (logit) a word needs to be shown as evidence. */
    minEvidence: z.number().positive(),
    training: z.record(z.string(), z.unknown()),
  })
  .refine((m) => {
    const n = m.words.split("\n").length;
    const tables = [m.presence, m.vector, m.strength, m.initial ?? m.presence];
    return tables.every((t) => t.length === n) && m.attributes.length === n;
  }, "per-word tables must have one entry per word");
export type IncivilityModelFile = z.infer<typeof incivilityModelSchema>;
