"use client";

/**
 * Shown when a page fails to load: often the database restarting (trying again helps), sometimes a
 * fault (the reference lets the server log's entry be found). Loading a page changes nothing.
 */
export default function DashboardError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="panel" role="alert" style={{ maxWidth: 640, margin: "2rem auto" }}>
      <h1>This page could not be loaded</h1>
      <p>
        Something went wrong while loading it. Nothing you did was lost. If the database is restarting, trying again in
        a moment helps; if the page keeps failing, report it
        {error.digest ? <> with the reference <code>{error.digest}</code></> : null}.
      </p>
      <button className="btn primary" onClick={() => reset()}>
        Try again
      </button>
    </div>
  );
}
