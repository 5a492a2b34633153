import { queueShowsSame, queueUrl, reportPreviewUrl, threadUrl, type InsightsDrill } from "@/lib/analytics/drill";
import { authorInsightsUrl, articleInsightsUrl } from "@/lib/analytics/focus-urls";
import type { InsightsFilters } from "@/lib/analytics/filters";
import type { CommenterBoard, HeatBoard, ThreadRow } from "@/lib/analytics/leaders";
import type { DistinctiveWord } from "@/lib/analytics/log-odds";
import { TableScroll } from "../../_components/table-scroll";

const pct = (v: number | null) => (v === null ? "–" : `${Math.round(v * 100)}%`);

/** A proportional bar inside a table cell, with the number next to it. */
function Meter({ value, max, tone, text }: { value: number; max: number; tone: "blue" | "red" | "amber"; text: string }) {
  const width = max > 0 ? Math.max(2, Math.round((Math.abs(value) / max) * 100)) : 0;
  return (
    <span className="meter">
      <span className={`meter-bar ${tone}`} style={{ width: `${width}%` }} />
      <span className="meter-text">{text}</span>
    </span>
  );
}

type ThreadLinks = { more: (id: number) => { href: string; text: string } };

/** What each board's number is, for its column header. */
const MEASURE = { volume: "Comments", negativity: "Average sentiment", incivility: "Share uncivil" } as const;

/** A board's table is named (the heading above it, and what it ranks) and its columns headed, for screen readers. */
function Head({ caption, columns }: { caption: string; columns: [string, string] }) {
  return (
    <>
      <caption className="sr-only">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{columns[0]}</th>
          <th scope="col">{columns[1]}</th>
        </tr>
      </thead>
    </>
  );
}

function ThreadTable({ rows, kind, caption, links, model, range }: { rows: ThreadRow[]; kind: "volume" | "negativity" | "incivility"; caption: string; model: string | null; range: { from: string; to: string } } & { links: ThreadLinks }) {
  const max = Math.max(0, ...rows.map((r) => (kind === "volume" ? r.comments : kind === "negativity" ? -(r.avgSentiment ?? 0) : r.uncivilShare ?? 0)));
  return (
    <div className="panel">
      <h3>{caption}</h3>
      {rows.length === 0 ? (
        <p className="muted">No thread has five scored comments in this range.</p>
      ) : (
        <TableScroll>
          <table>
            <Head caption={`Articles: ${caption}`} columns={["Article", MEASURE[kind]]} />
            <tbody>
              {rows.map((r) => (
                <tr key={r.threadId}>
                  <td className="title-cell">
                    <a href={articleInsightsUrl(r.threadId, model, range)}>{r.title}</a>
                    <div className="muted small">
                      {r.source} · <a href={links.more(r.threadId).href}>{links.more(r.threadId).text}</a>
                    </div>
                  </td>
                  <td className="meter-cell">
                    {kind === "volume" && <Meter value={r.comments} max={max} tone="blue" text={r.comments.toLocaleString("en")} />}
                    {kind === "negativity" && <Meter value={Math.min(0, r.avgSentiment ?? 0)} max={max} tone="red" text={(r.avgSentiment ?? 0).toFixed(2)} />}
                    {kind === "incivility" && <Meter value={r.uncivilShare ?? 0} max={max} tone="amber" text={pct(r.uncivilShare)} />}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </div>
  );
}

/**
 * Top articles by volume, negativity and incivility. A title opens the article's own trend; the
 * line under it opens the thread (moderators) or its comments in a report preview (others).
 */
export function HeatBoardTables({ heat, canModerate, filters }: { heat: HeatBoard; canModerate: boolean; filters: InsightsFilters }) {
  const links: ThreadLinks = {
    more: (id) => (canModerate ? { href: threadUrl(id), text: "thread" } : { href: reportPreviewUrl({ thread: id, from: filters.from, to: filters.to, model: filters.otherModel ?? undefined }), text: "comments" }),
  };
  return (
    <div className="grid3" data-testid="heat-board">
      <ThreadTable rows={heat.volume} kind="volume" caption="Most comments" links={links} model={filters.otherModel} range={filters} />
      <ThreadTable rows={heat.negativity} kind="negativity" caption="Most negative (average sentiment)" links={links} model={filters.otherModel} range={filters} />
      <ThreadTable rows={heat.incivility} kind="incivility" caption="Most uncivil (share of comments)" links={links} model={filters.otherModel} range={filters} />
    </div>
  );
}

/** Most active and most flagged commenters: a name opens the author's own trend; moderators also get their comments in the queue. */
export function CommenterTables({ board, filters, canModerate }: { board: CommenterBoard; filters: InsightsFilters; canModerate: boolean }) {
  // The queue link only where the queue shows what the table counted (no sections, the active model, one source at most).
  const drillOf = (id: number): InsightsDrill => ({
    commenter: id, from: filters.from, to: filters.to, source: filters.sourceKeys,
    sections: filters.sections, model: filters.otherModel ?? undefined,
  });
  const name = (c: { commenterId: number; name: string; source: string }) => (
    <>
      <a href={authorInsightsUrl(c.commenterId, filters.otherModel, filters)}>{c.name}</a> <span className="muted small">{c.source}</span>
      {canModerate && queueShowsSame(drillOf(c.commenterId)) && <> <a className="small" href={queueUrl(drillOf(c.commenterId))}>queue</a></>}
    </>
  );
  const maxVolume = Math.max(0, ...board.volume.map((c) => c.comments));
  const maxFlags = Math.max(0, ...board.flags.map((c) => c.flagged));
  return (
    <div className="grid2" data-testid="commenters">
      <div className="panel">
        <h3>Most comments</h3>
        {board.volume.length === 0 ? <p className="muted">No identified commenters in this range.</p> : (
          <TableScroll>
            <table>
              <Head caption="Commenters: Most comments" columns={["Commenter", "Comments"]} />
              <tbody>
                {board.volume.map((c) => (
                  <tr key={c.commenterId}>
                    <td>{name(c)}</td>
                    <td className="meter-cell"><Meter value={c.comments} max={maxVolume} tone="blue" text={String(c.comments)} /></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
      </div>
      <div className="panel">
        <h3>Most flagged</h3>
        {board.flags.length === 0 ? <p className="muted">Nobody was flagged in this range.</p> : (
          <TableScroll>
            <table>
              <Head caption="Commenters: Most flagged" columns={["Commenter", "Flagged, of their comments"]} />
              <tbody>
                {board.flags.map((c) => (
                  <tr key={c.commenterId}>
                    <td>{name(c)}</td>
                    <td className="meter-cell">
                      <Meter value={c.flagged} max={maxFlags} tone="red" text={`${c.flagged} of ${c.comments}${c.removed ? `, ${c.removed} removed` : ""}`} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
      </div>
      {/* A commenter's own page has no section filter: its figures would not match these. */}
      {filters.sections && (
        <p className="muted small">Counted in the chosen sections only; a commenter&apos;s own page counts their comments in every section.</p>
      )}
    </div>
  );
}

/** Words over-represented in a class of comments, with how often they appear inside and outside it. */
export function WordList({ words, className, empty }: { words: DistinctiveWord[]; className: string; empty: string }) {
  if (!words.length) return <p className="muted">{empty}</p>;
  return (
    <TableScroll>
      <table>
        <thead>
          <tr>
            <th scope="col">Word</th>
            <th scope="col">In {className} comments</th>
            <th scope="col">In the others</th>
          </tr>
        </thead>
        <tbody>
          {words.map((w) => (
            <tr key={w.word}>
              <td><strong>{w.word}</strong></td>
              <td>{pct(w.classShare)} <span className="muted small">({w.inClass})</span></td>
              <td>{pct(w.restShare)} <span className="muted small">({w.inRest})</span></td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
