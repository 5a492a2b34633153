"use server";

import { revalidatePath } from "next/cache";
import { actionWithRole, type ActionResult } from "@/lib/auth/guard";
import { setTimezone } from "@/lib/analytics/timezone";
import { recordActivity } from "@/lib/activity";

const setTimezoneGuarded = actionWithRole("administer", async (user, name: string) => {
  const result = await setTimezone(name);
  if (result.changed) await recordActivity({ userId: user.id, via: "ui", action: "changed the newsroom time zone", subject: result.timezone });
  revalidatePath("/insights");
  return result;
});

/** Changes the newsroom time zone (admins); every chart's days move with it. */
export async function setTimezoneAction(
  _previous: ActionResult<{ timezone: string; changed: boolean }> | null,
  form: FormData,
): Promise<ActionResult<{ timezone: string; changed: boolean }>> {
  // The guard runs first: a malformed call (no form) is refused or rejected, never a crash.
  return setTimezoneGuarded(String(form instanceof FormData ? (form.get("timezone") ?? "") : ""));
}
