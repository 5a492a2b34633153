import Link from "next/link";
import { when } from "../../_lib/when";
import { plural } from "../../_lib/plural";
import { THREAD_STATES, type ThreadList, type ThreadListQuery } from "@/lib/moderation";
import { TableScroll } from "../../_components/table-scroll";

const STATE_LABELS: Record<(typeof THREAD_STATES)[number], string> = {
  all: "any",
  open: "open",
  flagged: "with flagged comments",
  premoderated: "pre-moderated",
  closed: "closed",
};


/** Every thread, searchable, a page at a time; the filters live in the URL so a search can be bookmarked. */
export function ThreadTable({
  list, query, sources, invalid, timeZone,
}: {
  timeZone: string;
  list: ThreadList;
  query: ThreadListQuery;
  sources: { key: string; name: string }[];
  invalid: boolean;
}) {
  const href = (page: number) => {
    const params = new URLSearchParams({ view: "all" });
    if (query.q) params.set("q", query.q);
    if (query.source) params.set("source", query.source);
    if (query.state !== "all") params.set("state", query.state);
    if (page > 1) params.set("page", String(page));
    return `/threads?${params}`;
  };
  const first = (list.page - 1) * list.pageSize + 1;
  const last = first + list.threads.length - 1;
  const pages = Math.max(1, Math.ceil(list.total / list.pageSize));
  return (
    <>
      <form className="filters" method="get" role="search" aria-label="Find threads">
        <input type="hidden" name="view" value="all" />
        <label>
          Title or address (or thread id)
          <input name="q" type="search" defaultValue={query.q ?? ""} />
        </label>
        <label>
          Source
          <select name="source" defaultValue={query.source ?? ""}>
            <option value="">any</option>
            {sources.map((s) => (
              <option key={s.key} value={s.key}>{s.name}</option>
            ))}
          </select>
        </label>
        <label>
          State
          <select name="state" defaultValue={query.state}>
            {THREAD_STATES.map((s) => (
              <option key={s} value={s}>{STATE_LABELS[s]}</option>
            ))}
          </select>
        </label>
        <button className="btn" type="submit">Search</button>
        {/* A page load, not a client link: a select keeps its old choice when only its default changes. */}
        <a href="/threads?view=all">Clear</a>
      </form>
      {invalid && <p className="error">Some filters were not understood and were ignored.</p>}
      {list.threads.length === 0 ? (
        <p className="empty">
          {list.total > 0 ? (
            <>
              There are only {plural(list.total, "thread")} matching; this page is past the last.{" "}
              <Link href={href(pages)}>Go to the last page</Link>
            </>
          ) : query.q || query.source || query.state !== "all"
              ? "No thread matches. Try fewer words, or any source and state."
              : "No threads yet. Import comments on the Imports page."}
        </p>
      ) : (
        <>
          <p className="muted" role="status">
            {list.total === list.threads.length ? plural(list.total, "thread") : `Threads ${first.toLocaleString("en")}–${last.toLocaleString("en")} of ${list.total.toLocaleString("en")}`},
            most recently commented first.
          </p>
          <TableScroll>
            <table aria-label="Threads">
              <thead>
                <tr>
                  <th scope="col">Thread</th><th scope="col">Source</th><th scope="col">Comments</th>
                  <th scope="col">Flagged</th><th scope="col">Last comment</th><th scope="col">State</th>
                </tr>
              </thead>
              <tbody>
                {list.threads.map((t) => (
                  <tr key={t.id}>
                    <td><Link href={`/threads/${t.id}`}>{t.title}</Link></td>
                    <td>{t.source.name}</td>
                    <td>{t.comments.toLocaleString("en")}</td>
                    <td>
                      {t.flagged > 0 ? (
                        <Link href={`/queue?status=flagged&thread=${t.id}`} aria-label={`${plural(t.flagged, "flagged comment")} in ${t.title}`}>
                          {t.flagged.toLocaleString("en")}
                        </Link>
                      ) : (
                        "0"
                      )}
                    </td>
                    <td>{t.lastCommentAt ? when(t.lastCommentAt, timeZone) : "—"}</td>
                    <td>
                      {t.closed && <span className="chip">closed</span>} {t.premoderated && <span className="chip">pre-moderated</span>}
                      {!t.closed && !t.premoderated && "open"}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        </>
      )}
      {pages > 1 && (
        <nav className="pager" aria-label="Pages of threads">
          {list.page > 1 && <Link className="btn" href={href(Math.min(list.page - 1, pages))}>Previous page</Link>}
          <span>Page {list.page.toLocaleString("en")} of {pages.toLocaleString("en")}</span>
          {list.page < pages && <Link className="btn" href={href(list.page + 1)}>Next page</Link>}
        </nav>
      )}
    </>
  );
}
