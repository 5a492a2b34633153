"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { dbId } from "@/lib/zod-fields";
import { actionWithRole } from "@/lib/auth/guard";
import { claimThread, releaseThread, setThreadState, threadStateSchema } from "@/lib/moderation";

const threadId = dbId;

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
  // Nothing is revalidated: that re-renders the page the action came from, and the attention list would
  // drop a thread just closed there, Reopen button and all. Both callers show the new state themselves,
  // and the pages are rendered afresh on the next visit.
});
