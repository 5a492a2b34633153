"use client";

import { useActionState, useEffect, useRef, useState } from "react";
import { setTimezoneAction } from "../actions";

/** Whether the browser knows the zone; a name it does not know goes to the server as typed, to be refused there. */
function knownZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/**
 * Admins set the newsroom time zone here; the rollups are recounted for it. The browser
 * lists the ~420 zone names for the suggestions after the page loads, so they are not
 * sent with every render of the page (the server checks the name on save). A change asks
 * first: the recount holds up imports and decisions while it runs.
 */
export function TimezoneForm({ current }: { current: string }) {
  const [state, action, pending] = useActionState(setTimezoneAction, null);
  const [zones, setZones] = useState<string[]>([]);
  useEffect(() => setZones(Intl.supportedValuesOf("timeZone")), []);
  // The zone being asked about, and the one the admin said yes to (the next submit goes through).
  const [asking, setAsking] = useState<string | null>(null);
  const approved = useRef<string | null>(null);
  const form = useRef<HTMLFormElement>(null);
  const save = useRef<HTMLButtonElement>(null);
  // When the question closes, focus returns to Save (drawn again in its place), not the page's top.
  const wasAsking = useRef(false);
  useEffect(() => {
    if (asking === null && wasAsking.current) save.current?.focus();
    wasAsking.current = asking !== null;
  }, [asking]);

  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    // While it recounts, a second submit (Enter in the field, a click) is dropped rather than sent.
    if (pending) {
      event.preventDefault();
      return;
    }
    const zone = String(new FormData(event.currentTarget).get("timezone") ?? "").trim();
    const yes = approved.current === zone;
    approved.current = null;
    // An unknown name or the zone already set recounts nothing: it goes straight to the server, whose answer says so.
    if (yes || !knownZone(zone) || zone.toLowerCase() === current.toLowerCase()) {
      setAsking(null);
      return;
    }
    // Asked again if the field was edited while the question showed: the answer is for the zone it names.
    event.preventDefault();
    setAsking(zone);
  }

  return (
    <form ref={form} action={action} onSubmit={onSubmit} className="inline-form" aria-label="Newsroom time zone">
      <label>
        Newsroom time zone
        <input name="timezone" list="timezones" defaultValue={current} required />
      </label>
      <datalist id="timezones">
        {zones.map((z) => (
          <option key={z} value={z} />
        ))}
      </datalist>
      {asking === null ? (
        // Not disabled: a disabled button would drop focus to the page's top while it recounts.
        <button ref={save} className="btn" type="submit" aria-disabled={pending || undefined}>
          {pending ? "Recounting…" : "Save"}
        </button>
      ) : (
        <span role="group" aria-label={`Recount every chart in ${asking}?`} className="confirm">
          <span className="small">Recount every chart in {asking}? Imports and decisions wait while it runs.</span>{" "}
          <button
            className="btn small"
            type="button"
            onClick={() => {
              approved.current = asking;
              setAsking(null);
              form.current?.requestSubmit();
            }}
          >
            Yes, recount
          </button>{" "}
          {/* Focus moves here, so a keyboard user is not left on the Save button that has gone. */}
          <button className="btn small" type="button" onClick={() => setAsking(null)} autoFocus>
            Cancel
          </button>
        </span>
      )}
      <span role="status" className={state && !state.ok ? "error" : "notice"}>
        {state?.ok ? (state.data.changed ? `Days now follow ${state.data.timezone}.` : "No change.") : state?.error}
      </span>
    </form>
  );
}
