import type { Metadata } from "next";
import { requirePageUser } from "@/lib/auth/guard";
import { FocusView, loadFocusView } from "../../_components/focus-view";
import "../../_components/insights.css";
import { pageTitle } from "../../../_lib/page-title";
import { focusSubjectName } from "@/lib/analytics/focus";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  return pageTitle((await params).id, "Author · Insights", (id) => focusSubjectName("author", id), "viewInsights");
}

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

/** One author's comments, sentiment and incivility over time (editors and everyone with Insights). */
export default async function AuthorInsightsPage({ params, searchParams }: Props) {
  const { id } = await params;
  const user = await requirePageUser("viewInsights", `/insights/authors/${id}`, await searchParams);
  const view = await loadFocusView("author", id, await searchParams);
  return <FocusView kind="author" id={Number(id)} view={view} user={user} />;
}
