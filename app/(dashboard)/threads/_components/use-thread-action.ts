"use client";

import { useSaid } from "../../_lib/use-said";
import { UNREACHABLE, useOneAtATime } from "../../_lib/use-one-at-a-time";

type Outcome = { ok: boolean; error?: string; status?: number };

/**
 * Runs one thread change at a time (claim, release, close, pre-moderate): while one is on its
 * way the buttons say so (aria-disabled) and ignore clicks, so a double click is not two changes
 * in the activity log; they stay focusable, so focus stays on the button that changes name.
 * A request that fails outright says so instead of staying silent.
 */
export function useThreadAction() {
  const { busy, run: oneAtATime } = useOneAtATime();
  const [message, say] = useSaid();
  const run = (action: () => Promise<Outcome>, done: string, then?: () => void, onConflict?: () => void) =>
    oneAtATime(async () => {
      const result = await action();
      if (result.ok) then?.();
      else if (result.status === 409) onConflict?.();
      say(result.ok ? done : `Not saved: ${result.error ?? "the change was refused"}`);
    }, () => say(UNREACHABLE));
  return { busy, message, run };
}
