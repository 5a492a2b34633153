"use client";

import { useState } from "react";
import { ROLES } from "@/lib/auth/roles";
import { revokeTokenAction, updateUserAction } from "../actions";

export function UserRowControls({ id, email, role, active }: { id: number; email: string; role: string; active: boolean }) {
  const [message, setMessage] = useState("");
  const update = async (changes: { role?: string; active?: boolean }, done: string) => {
    const result = await updateUserAction({ id, changes });
    setMessage(result.ok ? done : result.error);
  };
  return (
    <>
      <label className="sr-only" htmlFor={`role-${id}`}>Role of {email}</label>
      <select id={`role-${id}`} defaultValue={role} onChange={(e) => void update({ role: e.target.value }, `Role changed to ${e.target.value}.`)}>
        {ROLES.map((r) => (
          <option key={r} value={r}>{r}</option>
        ))}
      </select>{" "}
      <button className="btn small" onClick={() => void update({ active: !active }, active ? "Deactivated." : "Reactivated.")}>
        {active ? "Deactivate" : "Reactivate"}
      </button>{" "}
      <span role="status" aria-live="polite" className="small">{message}</span>
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
