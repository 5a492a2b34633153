"use client";

import { useEffect, useRef, useState } from "react";
import { ROLES } from "@/lib/auth/roles";
import { issueTokenAction, resetPasswordAction, revokeTokenAction, unlockUserAction, updateUserAction } from "../actions";
import { UNREACHABLE, useOneAtATime } from "../../../_lib/use-one-at-a-time";

type Message = { text: string; error: boolean; secret?: string } | null;

/** Asks before an action that locks someone out or cannot be undone; Cancel leaves everything as it was. */
function Confirm({ question, yes, onYes, onCancel }: { question: string; yes: string; onYes: () => void; onCancel: () => void }) {
  return (
    <span role="group" aria-label={question} className="confirm">
      <span className="small">{question}</span>{" "}
      <button className="btn small reject" onClick={onYes}>{yes}</button>{" "}
      {/* Focus moves here, so a keyboard user is not left on a button that has gone. */}
      <button className="btn small" onClick={onCancel} autoFocus>Cancel</button>
    </span>
  );
}

/** A secret shown once, in a field that selects whole for copying. */
function Secret({ label, value }: { label: string; value: string }) {
  return (
    <span className="secret">
      {label} (shown once):{" "}
      <input readOnly value={value} aria-label={label} size={Math.min(value.length, 40)} onFocus={(e) => e.currentTarget.select()} />
    </span>
  );
}

/**
 * A user's role and access. The role is chosen, then saved with its button: stepping through the
 * list with the arrow keys saves nothing, and a refused change puts the list back. Deactivating and
 * resetting a password ask first; a new password or token is shown once; a locked account can be
 * unlocked.
 */
export function UserRowControls(
  { id, email, role, active, lockedMinutes, self }: { id: number; email: string; role: string; active: boolean; lockedMinutes: number | null; self: boolean },
) {
  const [saved, setSaved] = useState(role);
  const [choice, setChoice] = useState(role);
  const [isActive, setActive] = useState(active);
  const [locked, setLocked] = useState(lockedMinutes);
  const [asking, setAsking] = useState<"role" | "deactivate" | "reset" | "token" | null>(null);
  const [tokenName, setTokenName] = useState("");
  const [message, setMessage] = useState<Message>(null);
  // When a question closes, focus returns to the button that asked it (or the one now in its place).
  const triggers = useRef<Partial<Record<"role" | "deactivate" | "reset" | "token", HTMLButtonElement | null>>>({});
  const lastAsked = useRef<typeof asking>(null);
  useEffect(() => {
    if (asking === null && lastAsked.current) triggers.current[lastAsked.current]?.focus();
    lastAsked.current = asking;
  }, [asking]);
  const say = (result: { ok: true } | { ok: false; error: string }, text: string, secret?: string) =>
    setMessage(result.ok ? { text, error: false, secret } : { text: result.error, error: true });

  // Save role and Unlock leave the page once they succeed: focus goes to the role list, not the page's top.
  const roleSelect = useRef<HTMLSelectElement>(null);
  // One request at a time per row: a second Issue would make a second token whose secret nobody sees.
  const { run } = useOneAtATime();
  const unreachable = () => setMessage({ text: UNREACHABLE, error: true });
  const update = (changes: { role?: string; active?: boolean }, done: string) => run(async () => {
    setAsking(null);
    const result = await updateUserAction({ id, changes, expected: { role: saved, active: isActive } });
    if (result.ok && changes.role) setSaved(changes.role);
    if (result.ok && changes.active !== undefined) setActive(changes.active);
    if (!result.ok && changes.role) setChoice(saved);
    // Another admin changed the account meanwhile: the row shows it as it is now.
    const current = !result.ok && result.status === 409 ? (result.current as { role?: string; active?: boolean } | undefined) : undefined;
    if (current?.role) {
      setSaved(current.role);
      setChoice(current.role);
    }
    if (current?.active !== undefined) setActive(current.active);
    say(result, done);
    if (changes.role) roleSelect.current?.focus();
  }, unreachable);
  const reset = () => run(async () => {
    setAsking(null);
    const result = await resetPasswordAction(id);
    if (result.ok) setLocked(null);
    say(result, `New password for ${email}.`, result.ok ? result.data.password : undefined);
  }, unreachable);
  const unlock = () => run(async () => {
    const result = await unlockUserAction(id);
    if (result.ok) setLocked(null);
    say(result, `The lock on ${email} is lifted.`);
    if (result.ok) roleSelect.current?.focus();
  }, unreachable);
  const issue = (event: React.FormEvent) => {
    event.preventDefault();
    return run(async () => {
      const result = await issueTokenAction({ id, name: tokenName });
      if (result.ok) {
        setAsking(null);
        setTokenName("");
      }
      say(result, `API token for ${email}.`, result.ok ? result.data.token : undefined);
    }, unreachable);
  };

  return (
    <>
      <label className="sr-only" htmlFor={`role-${id}`}>Role of {email}</label>
      <select ref={roleSelect} id={`role-${id}`} value={choice} onChange={(e) => (setChoice(e.target.value), setMessage(null))}>
        {ROLES.map((r) => (
          <option key={r} value={r}>{r}</option>
        ))}
      </select>{" "}
      {choice !== saved &&
        (asking === "role" ? (
          <Confirm
            question={
              self
                ? `Make yourself ${choice}? You lose the admin pages at once; only another admin can give them back.`
                : `Make ${email} ${choice}? They lose the admin pages at once.`
            }
            yes={`Make ${choice}`}
            onYes={() => void update({ role: choice }, `Role changed to ${choice}.`)}
            onCancel={() => setAsking(null)}
          />
        ) : (
          <>
            {/* Taking an admin's role away (one's own above all) asks first; other changes save at once. */}
            <button
              ref={(el) => void (triggers.current.role = el)}
              className="btn small approve"
              onClick={() => (saved === "admin" ? setAsking("role") : void update({ role: choice }, `Role changed to ${choice}.`))}
            >
              Save role
            </button>{" "}
            {/* It goes away with the choice undone: focus goes to the role, not the page's top. */}
            <button className="btn small" onClick={() => (setChoice(saved), roleSelect.current?.focus())}>
              Keep {saved}
            </button>{" "}
          </>
        ))}
      {isActive ? (
        asking === "deactivate" ? (
          <Confirm
            question={`Deactivate ${email}? They are signed out and their API tokens are revoked for good.`}
            yes="Deactivate"
            onYes={() => void update({ active: false }, "Deactivated.")}
            onCancel={() => setAsking(null)}
          />
        ) : (
          <button ref={(b) => void (triggers.current.deactivate = b)} className="btn small" aria-label={`Deactivate ${email}`} onClick={() => (setAsking("deactivate"), setMessage(null))}>
            Deactivate
          </button>
        )
      ) : (
        <button ref={(b) => void (triggers.current.deactivate = b)} className="btn small" aria-label={`Reactivate ${email}`} onClick={() => void update({ active: true }, "Reactivated.")}>
          Reactivate
        </button>
      )}{" "}
      {locked !== null && (
        <>
          <button className="btn small" aria-label={`Unlock ${email}`} onClick={() => void unlock()}>Unlock</button>{" "}
        </>
      )}
      {self ? null : asking === "reset" ? (
        <Confirm
          question={`Give ${email} a new password? The old one stops working and they are signed out; their API tokens keep working (revoke them under API tokens if someone else may know them).`}
          yes="Reset password"
          onYes={() => void reset()}
          onCancel={() => setAsking(null)}
        />
      ) : (
        <button ref={(b) => void (triggers.current.reset = b)} className="btn small" aria-label={`Reset password for ${email}`} onClick={() => (setAsking("reset"), setMessage(null))}>
          Reset password
        </button>
      )}{" "}
      {asking === "token" ? (
        <form className="inline-form" onSubmit={(e) => void issue(e)} aria-label={`New API token for ${email}`}>
          <label>
            Token for <input value={tokenName} onChange={(e) => setTokenName(e.target.value)} maxLength={60} placeholder="e.g. nightly export" required autoFocus />
          </label>{" "}
          <button className="btn small approve" type="submit">Issue</button>{" "}
          <button className="btn small" type="button" onClick={() => setAsking(null)}>Cancel</button>
        </form>
      ) : (
        // A deactivated account's token would not work, and would start to on reactivation.
        isActive && (
          <button ref={(b) => void (triggers.current.token = b)} className="btn small" aria-label={`Issue token for ${email}`} onClick={() => (setAsking("token"), setMessage(null))}>
            Issue token
          </button>
        )
      )}{" "}
      <span role="status" aria-live="polite" className={message?.error ? "small error" : "small"}>
        {message?.text}
      </span>
      {/* Outside the live region: a screen reader announces that it is there, not the secret itself. */}
      {message?.secret && <> <Secret label={message.text.startsWith("API") ? "Token" : "Password"} value={message.secret} /></>}
    </>
  );
}

/**
 * Revokes a token after asking. `revoked` is the server's "revoked …" text once it is: the same
 * component then shows it, so when the page re-reads the list the element keeping keyboard focus
 * stays where it was instead of vanishing with the button.
 */
export function RevokeTokenButton({ id, label, revoked }: { id: number; label: string; revoked: string | null }) {
  const [asking, setAsking] = useState(false);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const done = useRef<HTMLSpanElement>(null);
  // The question replaces the button: answered No, focus goes back to the button.
  const trigger = useRef<HTMLButtonElement>(null);
  const [declined, setDeclined] = useState(false);
  useEffect(() => {
    if (!declined) return;
    setDeclined(false);
    trigger.current?.focus();
  }, [declined]);
  const justRevoked = message !== null && !message.error;
  useEffect(() => {
    if (justRevoked) done.current?.focus();
  }, [justRevoked]);
  if (revoked || justRevoked) {
    return (
      // A status only for the revocation just made: one revoked long ago is plain text.
      <span ref={done} tabIndex={-1} role={justRevoked ? "status" : undefined} className="small">
        {revoked ?? message?.text}
      </span>
    );
  }
  return (
    <>
      {asking ? (
        <Confirm
          question={`Revoke ${label}? Programs using it stop working.`}
          yes="Revoke"
          onYes={async () => {
            setAsking(false);
            const r = await revokeTokenAction(id);
            setMessage(r.ok ? { text: "Revoked.", error: false } : { text: r.error, error: true });
          }}
          onCancel={() => (setAsking(false), setDeclined(true))}
        />
      ) : (
        <button ref={trigger} className="btn small reject" aria-label={`Revoke ${label}`} onClick={() => (setAsking(true), setMessage(null))}>
          Revoke
        </button>
      )}{" "}
      <span role="status" aria-live="polite" className="small error">{message?.text}</span>
    </>
  );
}
