"use client";

import { useState } from "react";
import { createUserAction } from "../actions";
import { UNREACHABLE, useOneAtATime } from "../../../_lib/use-one-at-a-time";

export function CreateUserForm() {
  const [message, setMessage] = useState<{ kind: "error" | "notice"; text: string } | null>(null);
  // Shown once, beside the message and outside its live region: a screen reader announces that a
  // password was made, and reads the password only when asked to.
  const [secret, setSecret] = useState<string | null>(null);
  // What is wrong with each field, tied to its input (aria-invalid, aria-describedby) as well as said in the status line.
  const [problems, setProblems] = useState<Record<string, string>>({});
  // One creation at a time: a second click or Enter while the first is hashed would fail as a
  // duplicate and, answering last, wipe the password the first one showed once.
  const { busy, run } = useOneAtATime();

  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const password = String(form.get("password") ?? "");
    void run(async () => {
      const result = await createUserAction({
        email: String(form.get("email") ?? ""),
        role: String(form.get("role") ?? ""),
        password: password || undefined,
      });
      setProblems(result.ok ? {} : (result.fields ?? {}));
      if (result.ok) {
        formElement.reset();
        setSecret(result.data.password ?? null);
        setMessage({
          kind: "notice",
          text: result.data.password ? `Created ${result.data.email}. Their password is below, shown once.` : `Created ${result.data.email}.`,
        });
      } else {
        setSecret(null);
        setMessage({ kind: "error", text: result.error });
      }
    }, () => setMessage({ kind: "error", text: UNREACHABLE }));
  }

  const invalid = (field: string) =>
    problems[field] ? { "aria-invalid": true as const, "aria-describedby": `create-user-${field}-problem` } : {};

  return (
    <form className="stack" onSubmit={onSubmit}>
      <label>
        Email
        <input name="email" type="email" required {...invalid("email")} />
      </label>
      {problems.email && <span id="create-user-email-problem" className="error">Email: {problems.email}</span>}
      <label>
        Role
        <select name="role" defaultValue="staff">
          <option value="staff">staff — dashboards and exports</option>
          <option value="editor">editor — insights and exports</option>
          <option value="moderator">moderator — review queue</option>
          <option value="admin">admin — everything</option>
        </select>
      </label>
      <label>
        Password (leave empty to generate one)
        <input name="password" type="password" minLength={10} autoComplete="new-password" {...invalid("password")} />
      </label>
      {problems.password && <span id="create-user-password-problem" className="error">Password: {problems.password}</span>}
      <p role="status" aria-live="polite" className={message?.kind}>
        {message?.text}
      </p>
      {secret && (
        <label className="secret">
          Their password (shown once)
          <input readOnly value={secret} size={Math.min(secret.length, 40)} onFocus={(e) => e.currentTarget.select()} />
        </label>
      )}
      {/* aria-disabled, not disabled: the button keeps its focus while the account is made. */}
      <button className="btn primary" type="submit" aria-disabled={busy || undefined}>
        {busy ? "Creating…" : "Create user"}
      </button>
    </form>
  );
}
