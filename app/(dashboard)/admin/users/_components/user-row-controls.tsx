"use client";

import { useState } from "react";
import { ROLES } from "@/lib/auth/roles";
import { revokeTokenAction, updateUserAction } from "../actions";

/**
 * A user's role and activation. The role is chosen, then saved with its button: stepping
 * through the list with the arrow keys saves nothing. A refused change puts the list back.
 */
export function UserRowControls({ id, email, role, active }: { id: number; email: string; role: string; active: boolean }) {
  const [saved, setSaved] = useState(role);
  const [choice, setChoice] = useState(role);
  const [isActive, setActive] = useState(active);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const update = async (changes: { role?: string; active?: boolean }, done: string) => {
    const result = await updateUserAction({ id, changes });
    if (result.ok && changes.role) setSaved(changes.role);
    if (result.ok && changes.active !== undefined) setActive(changes.active);
    if (!result.ok && changes.role) setChoice(saved);
    setMessage(result.ok ? { text: done, error: false } : { text: result.error, error: true });
  };
  return (
    <>
      <label className="sr-only" htmlFor={`role-${id}`}>Role of {email}</label>
      <select id={`role-${id}`} value={choice} onChange={(e) => (setChoice(e.target.value), setMessage(null))}>
        {ROLES.map((r) => (
          <option key={r} value={r}>{r}</option>
        ))}
      </select>{" "}
      {choice !== saved && (
        <>
          <button className="btn small approve" onClick={() => void update({ role: choice }, `Role changed to ${choice}.`)}>
            Save role
          </button>{" "}
          <button className="btn small" onClick={() => setChoice(saved)}>
            Keep {saved}
          </button>{" "}
        </>
      )}
      <button className="btn small" onClick={() => void update({ active: !isActive }, isActive ? "Deactivated." : "Reactivated.")}>
        {isActive ? "Deactivate" : "Reactivate"}
      </button>{" "}
      <span role="status" aria-live="polite" className={message?.error ? "small error" : "small"}>{message?.text}</span>
    </>
  );
}

export function RevokeTokenButton({ id, label }: { id: number; label: string }) {
  const [message, setMessage] = useState("");
  return (
    <>
      <button
        className="btn small reject"
        aria-label={`Revoke ${label}`}
        onClick={async () => {
          const r = await revokeTokenAction(id);
          setMessage(r.ok ? "Revoked." : r.error);
        }}
      >
        Revoke
      </button>{" "}
      <span role="status" aria-live="polite" className="small">{message}</span>
    </>
  );
}
