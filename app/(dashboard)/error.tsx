"use client";

/** Shown when a page fails to load (for example while the database restarts); nothing was changed. */
export default function DashboardError({ reset }: { error: Error; reset: () => void }) {
  return (
    <div className="panel" role="alert" style={{ maxWidth: 640, margin: "2rem auto" }}>
      <h1>This page could not be loaded</h1>
      <p>
        The server could not reach the data it needs, possibly because the database is restarting. Nothing you did
        was lost. Try again in a moment.
      </p>
      <button className="btn primary" onClick={() => reset()}>
        Try again
      </button>
    </div>
  );
}
