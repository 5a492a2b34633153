"use client";

import { useActionState, useEffect, useState } from "react";
import { setTimezoneAction } from "../actions";

/**
 * Admins set the newsroom time zone here; the rollups are recounted for it. The browser
 * lists the ~420 zone names for the suggestions after the page loads, so they are not
 * sent with every render of the page (the server checks the name on save).
 */
export function TimezoneForm({ current }: { current: string }) {
  const [state, action, pending] = useActionState(setTimezoneAction, null);
  const [zones, setZones] = useState<string[]>([]);
  useEffect(() => setZones(Intl.supportedValuesOf("timeZone")), []);
  return (
    // While it recounts, a second submit (Enter in the field, a click) is dropped rather than sent.
    <form action={action} onSubmit={(e) => pending && e.preventDefault()} className="inline-form" aria-label="Newsroom time zone">
      <label>
        Newsroom time zone
        <input name="timezone" list="timezones" defaultValue={current} required />
      </label>
      <datalist id="timezones">
        {zones.map((z) => (
          <option key={z} value={z} />
        ))}
      </datalist>
      {/* Not disabled: a disabled button would drop focus to the page's top while it recounts. */}
      <button className="btn" type="submit" aria-disabled={pending || undefined}>
        {pending ? "Recounting…" : "Save"}
      </button>
      <span role="status" className={state && !state.ok ? "error" : "notice"}>
        {state?.ok ? (state.data.changed ? `Days now follow ${state.data.timezone}.` : "No change.") : state?.error}
      </span>
    </form>
  );
}
