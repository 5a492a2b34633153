"use client";

import { useActionState } from "react";
import { setTimezoneAction } from "../actions";

/** Admins set the newsroom time zone here; the rollups are recounted for it. */
export function TimezoneForm({ current, zones }: { current: string; zones: string[] }) {
  const [state, action, pending] = useActionState(setTimezoneAction, null);
  return (
    <form action={action} className="inline-form" aria-label="Newsroom time zone">
      <label>
        Newsroom time zone
        <input name="timezone" list="timezones" defaultValue={current} required />
      </label>
      <datalist id="timezones">
        {zones.map((z) => (
          <option key={z} value={z} />
        ))}
      </datalist>
      <button className="btn" type="submit" disabled={pending}>
        {pending ? "Recounting…" : "Save"}
      </button>
      <span role="status" className={state && !state.ok ? "error" : "notice"}>
        {state?.ok ? (state.data.changed ? `Days now follow ${state.data.timezone}.` : "No change.") : state?.error}
      </span>
    </form>
  );
}
