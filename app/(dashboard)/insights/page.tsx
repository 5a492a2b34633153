import type { Metadata } from "next";
import { requirePageUser } from "@/lib/auth/guard";
import { sentimentByArticle, sentimentByDay } from "@/lib/analytics/daily";
import { activeScorer } from "@/lib/scoring";
import { ArticleChart, DailyChart } from "./_components/charts";

export const metadata: Metadata = { title: "Insights" };

export default async function InsightsPage() {
  await requirePageUser("viewInsights", "/insights");
  const [days, articles] = await Promise.all([sentimentByDay({ days: 90 }), sentimentByArticle({ limit: 12 })]);
  const model = activeScorer().model;
  return (
    <>
      <h1>Insights</h1>
      <p className="muted">
        Last 90 days, comments only (pingbacks excluded). Scores from model {model.name} {model.version}; a comment
        counts as uncivil at 50% or more.
      </p>
      {days.length === 0 ? (
        <p className="empty">No scored comments in the last 90 days yet. Import comments to see charts here.</p>
      ) : (
        <div className="grid2">
          <section className="panel" aria-labelledby="daily-title">
            <h2 id="daily-title">Sentiment and incivility per day</h2>
            <DailyChart data={days} />
          </section>
          <section className="panel" aria-labelledby="article-title">
            <h2 id="article-title">Most-commented articles</h2>
            <ArticleChart data={articles} />
          </section>
        </div>
      )}
    </>
  );
}
