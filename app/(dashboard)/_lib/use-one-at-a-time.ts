"use client";

import { useCallback, useRef, useState } from "react";

/** What a form says when its request never reached the server (a dropped connection, a redeploy). */
export const UNREACHABLE = "Not saved: the server could not be reached. Check the connection and try again.";

/**
 * Runs one request of a form at a time: a second submit or click while one is on its way is
 * ignored (a double click would save twice, or answer "already there" after "added"), and a
 * request that fails outright calls `unreachable` instead of leaving the form silent.
 */
export function useOneAtATime() {
  const pending = useRef(false);
  const [busy, setBusy] = useState(false);
  const run = useCallback(async (request: () => Promise<void>, unreachable: () => void) => {
    if (pending.current) return;
    pending.current = true;
    setBusy(true);
    try {
      await request();
    } catch {
      unreachable();
    } finally {
      pending.current = false;
      setBusy(false);
    }
  }, []);
  return { busy, run };
}
