"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { dbId } from "@/lib/zod-fields";
import { actionWithRole } from "@/lib/auth/guard";
import { claimThread, releaseThread, setThreadState, threadStateSchema } from "@/lib/moderation";
import { recordActivity } from "@/lib/activity";

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
export const setThreadStateAction = actionWithRole("moderate", async (user, id: unknown, state: unknown) => {
  const thread = threadId.parse(id);
  const change = threadStateSchema.parse(state);
  // One entry per change made: none when the thread was so already (another moderator was first).
  for (const action of await setThreadState(thread, change)) {
    await recordActivity({ userId: user.id, via: "ui", action, subject: `thread ${thread}`, detail: change });
  }
  // Nothing is revalidated: that re-renders the page the action came from, and the attention list would
  // drop a thread just closed there, Reopen button and all. Both callers show the new state themselves,
  // and the pages are rendered afresh on the next visit.
});
