import { z } from "zod";

/**
 * Fields that end up in PostgreSQL, checked where a request comes in: a value the database
 * would refuse (an id past `integer`, a NUL character in text) is the caller's mistake and
 * answers 422 with the field's name, not a 500 from deep inside a query, a report stream
 * that stops after its header, or a background job that fails later.
 */

/** The largest PostgreSQL `integer`: ids and versions are stored as one. */
export const DB_INT_MAX = 2_147_483_647;

/** A row id, as JSON sends it. */
export const dbId = z.number().int().positive().max(DB_INT_MAX, "is not an id");
/** A row id in a URL (path or query text). */
export const dbIdText = z.coerce.number().int().positive().max(DB_INT_MAX, "is not an id");
/** A record's version (optimistic concurrency). */
export const dbVersion = z.number().int().min(0).max(DB_INT_MAX, "is not a version");

/** Text PostgreSQL can store: any string without a NUL character. */
export const dbText = z.string().refine((s) => !s.includes("\u0000"), "must not contain a NUL character");

