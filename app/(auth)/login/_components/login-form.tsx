"use client";

import { signIn } from "next-auth/react";
import { useState } from "react";

const REFUSED = "Wrong email or password, or the account is deactivated.";

export function LoginForm({ next }: { next: string }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const form = new FormData(event.currentTarget);
    let result: Awaited<ReturnType<typeof signIn>>;
    try {
      result = await signIn("credentials", {
        email: String(form.get("email") ?? ""),
        password: String(form.get("password") ?? ""),
        redirect: false,
      });
    } catch {
      // The network, or a reply that is not the auth server's (a proxy's error page): the button must not stay busy.
      setBusy(false);
      setError("Could not reach the server. Try again.");
      return;
    }
    if (result?.ok && !result.error) {
      window.location.assign(next);
      return;
    }
    setBusy(false);
    // next-auth reports a refused sign-in as "CredentialsSignin"; any other text is our own message (rate limit).
    setError(result?.error && result.error !== "CredentialsSignin" ? result.error : REFUSED);
  }

  // The error is read with the fields, where a screen reader is when it goes back to correct them;
  // they are invalid only when refused (not when the server was out of reach, or too many tries were made).
  const described = error ? { "aria-invalid": error === REFUSED || undefined, "aria-describedby": "login-error" } : {};
  return (
    <form className="stack" onSubmit={onSubmit}>
      <label>
        Email
        <input name="email" type="email" autoComplete="username" required autoFocus {...described} />
      </label>
      <label>
        Password
        <input name="password" type="password" autoComplete="current-password" required {...described} />
      </label>
      {error && (
        <p id="login-error" role="alert" className="error">
          {error}
        </p>
      )}
      <button className="btn primary" type="submit" disabled={busy}>
        {busy ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
