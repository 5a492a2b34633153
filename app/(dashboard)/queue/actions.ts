"use server";

import { actionWithRole } from "@/lib/auth/guard";
import { decideComment, decisionSchema } from "@/lib/moderation/decide";
import { z } from "zod";

const argsSchema = z.object({ commentId: z.number().int().positive(), decision: decisionSchema });

/** Approve / reject / escalate / restore one comment from the queue page. */
export const decideAction = actionWithRole("moderate", async (user, input: unknown) => {
  const { commentId, decision } = argsSchema.parse(input);
  return decideComment(commentId, decision, { userId: user.id, via: "ui" });
});
