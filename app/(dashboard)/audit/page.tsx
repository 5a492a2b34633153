import type { Metadata } from "next";
import Link from "next/link";
import { requirePageUser } from "@/lib/auth/guard";
import { parseLeavingOut } from "@/lib/http";
import { when } from "../_lib/when";
import { newsroomZone } from "../_lib/zone";
import { auditQuerySchema, listAudit, AUDIT_ACTIONS } from "@/lib/moderation";
import { TableScroll } from "../_components/table-scroll";
import { commentLink } from "../_lib/comment-link";

export const metadata: Metadata = { title: "Audit log" };

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string>> }) {
  await requirePageUser("moderate", "/audit", await searchParams);
  const raw = Object.fromEntries(Object.entries(await searchParams).filter(([, v]) => v !== ""));
  // A bad field is left out and named; the others still narrow the log.
  const { data: query, leftOut } = parseLeavingOut(auditQuerySchema, raw);
  const [{ entries, next }, timeZone] = await Promise.all([listAudit(query), newsroomZone()]);
  const params = (extra: Record<string, string | number>) =>
    new URLSearchParams(Object.entries({ ...raw, ...extra }).map(([k, v]) => [k, String(v)])).toString();
  return (
    <>
      <h1>Audit log</h1>
      <p className="muted">
        Every decision on a comment and every refused attempt, newest first. Entries are never edited or deleted. Changes to
        settings, users and threads are in the admins&apos; activity log.
      </p>
      {leftOut.size > 0 && (
        <p className="error" role="alert">
          Left out, as they cannot be used: {[...leftOut].map(([field, problem]) => `${field} (${problem})`).join("; ")}.
        </p>
      )}
      <form className="filters" method="get" aria-label="Filter the audit log">
        {/* Kept when the form is applied: the commenter page links here for one commenter's history. */}
        {query.commenter && <input type="hidden" name="commenter" value={query.commenter} />}
        <label>
          Moderator (email or part of it, or “system”)
          <input name="moderator" defaultValue={query.moderator ?? ""} />
        </label>
        <label>
          Action
          <select name="action" defaultValue={query.action ?? ""}>
            <option value="">any</option>
            {AUDIT_ACTIONS.map((a) => (
              <option key={a} value={a}>{a}</option>
            ))}
          </select>
        </label>
        <label>
          From
          <input name="from" type="date" defaultValue={query.from ?? ""} />
        </label>
        <label>
          To
          <input name="to" type="date" defaultValue={query.to ?? ""} />
        </label>
        <button className="btn" type="submit">Apply</button>
        {/* A page load, not a client link: a select keeps its old choice when only its default changes. */}
        <a href="/audit">Clear</a>
      </form>
      {query.commenter && (
        <p>
          Showing the decisions on one commenter&apos;s comments. <Link href={`/commenters/${query.commenter}`}>Their page</Link> ·{" "}
          <Link href={`/audit?${new URLSearchParams(Object.entries(raw).filter(([k]) => k !== "commenter" && k !== "before"))}`}>Everyone&apos;s</Link>
        </p>
      )}
      {entries.length === 0 ? (
        <p className="empty">No entries match.</p>
      ) : (
        <TableScroll>
          <table aria-label="Decisions">
            <thead>
              <tr>
                <th scope="col">When</th><th scope="col">Who</th><th scope="col">Action</th><th scope="col">Before → after</th>
                <th scope="col">Reason</th><th scope="col">Comment</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.id}>
                  <td>{when(e.at, timeZone)}</td>
                  <td>{e.by ?? "system"}{e.via !== "ui" && e.via !== "system" ? ` (${e.via})` : ""}</td>
                  <td>{e.action}{e.applied ? "" : " — refused (conflict)"}</td>
                  <td>{e.before} → {e.after} <span className="muted">v{e.previousVersion}</span></td>
                  <td>{[e.reason, e.note && `“${e.note}”`].filter(Boolean).join(": ")}</td>
                  <td>
                    <Link href={commentLink(e.comment.threadId, e.comment.id)}>{e.comment.authorName}</Link>: {e.comment.excerpt}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      {next && (
        <p className="pager">
          <Link className="btn" href={`/audit?${params({ before: next })}`}>Older entries</Link>
        </p>
      )}
    </>
  );
}
