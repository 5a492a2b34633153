"use client";

import { useState } from "react";
import { useSaid } from "../../_lib/use-said";

type Outcome = { ok: boolean; error?: string; status?: number };

/**
 * Runs one thread change at a time (claim, release, close, pre-moderate): while one is on its
 * way the buttons say so (aria-disabled) and ignore clicks, so a double click is not two changes
 * in the activity log; they stay focusable, so focus stays on the button that changes name.
 * A request that fails outright says so instead of staying silent.
 */
export function useThreadAction() {
  const [busy, setBusy] = useState(false);
  const [message, say] = useSaid();
  const run = async (action: () => Promise<Outcome>, done: string, then?: () => void, onConflict?: () => void) => {
    if (busy) return;
    setBusy(true);
    try {
      const result = await action();
      if (result.ok) then?.();
      else if (result.status === 409) onConflict?.();
      say(result.ok ? done : `Not saved: ${result.error ?? "the change was refused"}`);
    } catch {
      say("Not saved: the server could not be reached. Check the connection and try again.");
    } finally {
      setBusy(false);
    }
  };
  return { busy, message, run };
}
