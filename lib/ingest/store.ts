import { pool } from "@/lib/db";
import { activeScorer, scoreComments } from "@/lib/scoring";
import { flagComments } from "@/lib/moderation/flag";
import type { ParsedComment, ParsedThread, SourceInfo } from "./types";
import { ImportWriter, type WriteCounts } from "./writer";

export type StoreInput = {
  source: SourceInfo;
  threads: readonly ParsedThread[];
  comments: Iterable<ParsedComment> | AsyncIterable<ParsedComment>;
};

export type StoreResult = WriteCounts & { comments: number; scored: number; flagged: number; missingParents: number };

const BATCH = 5000;

/**
 * Stores one unit of import (a file, a demo source) in one transaction: comments
 * in set-based batches, parents linked, changed comments scored and flagged. All
 * of it or nothing, so a crash mid-way leaves the database as it was.
 */
export async function storeComments(input: StoreInput): Promise<StoreResult> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    const writer = await ImportWriter.begin(client, input.source);
    await writer.writeThreads(input.threads);
    let batch: ParsedComment[] = [];
    let comments = 0;
    for await (const comment of input.comments) {
      batch.push(comment);
      comments++;
      if (batch.length >= BATCH) {
        await writer.writeComments(batch);
        batch = [];
      }
    }
    await writer.writeComments(batch);
    const missingParents = await writer.linkParents();
    const scorer = activeScorer();
    const scored = await scoreComments(writer.changedIds, { scorer, client });
    const flagged = await flagComments(writer.changedIds, scorer.model, client);
    await client.query("COMMIT");
    return { ...writer.counts, comments, scored, flagged, missingParents };
  } catch (err) {
    await client.query("ROLLBACK").catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}
