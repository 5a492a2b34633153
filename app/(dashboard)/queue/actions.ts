"use server";

import { z } from "zod";
import { dbId } from "@/lib/zod-fields";
import { actionWithRole } from "@/lib/auth/guard";
import { bulkRequestSchema, decideBulk, matchingSet, decideComment, decisionSchema, queueFilterSchema } from "@/lib/moderation";

const decideArgs = z.object({ commentId: dbId, decision: decisionSchema });

/** Approve / reject / escalate / restore one comment. */
export const decideAction = actionWithRole("moderate", async (user, input: unknown) => {
  const { commentId, decision } = decideArgs.parse(input);
  return decideComment(commentId, decision, { userId: user.id, via: "ui" });
});

/** Bulk decision on a selection or on everything matching the current filter. */
export const bulkDecideAction = actionWithRole("moderate", async (user, input: unknown) => {
  return decideBulk(bulkRequestSchema.parse(input), { userId: user.id, via: "bulk" });
});

/** How many comments the current filter matches (and which: a digest), shown before a bulk action on all of them. */
export const countMatchingAction = actionWithRole("moderate", async (_user, input: unknown) => {
  return matchingSet(queueFilterSchema.parse(input));
});
