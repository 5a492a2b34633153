"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { actionWithRole } from "@/lib/auth/guard";
import { claimThread, releaseThread, setThreadState, threadStateSchema } from "@/lib/moderation";

const threadId = z.number().int().positive();

export const claimThreadAction = actionWithRole("moderate", async (user, id: unknown) => {
  await claimThread(threadId.parse(id), user.id);
  revalidatePath(`/threads/${id}`);
});

export const releaseThreadAction = actionWithRole("moderate", async (user, id: unknown) => {
  await releaseThread(threadId.parse(id), user.id);
  revalidatePath(`/threads/${id}`);
});

/** Close a thread or put it under pre-moderation (or undo either). */
export const setThreadStateAction = actionWithRole("moderate", async (_user, id: unknown, state: unknown) => {
  await setThreadState(threadId.parse(id), threadStateSchema.parse(state));
  // Not the thread lists: a thread closed from the attention list stays there, with Reopen, until the next visit.
  revalidatePath(`/threads/${id}`);
});
