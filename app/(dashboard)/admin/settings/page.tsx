import type { Metadata } from "next";
import { requirePageUser } from "@/lib/auth/guard";
import { getThresholds, getWordLists, thresholdQuality } from "@/lib/moderation";
import { activeScorer } from "@/lib/scoring";
import { ThresholdForm } from "./_components/threshold-form";
import { WordListEditor } from "./_components/word-list-editor";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  await requirePageUser("administer", "/admin/settings");
  const [thresholds, lists, quality] = await Promise.all([getThresholds(), getWordLists(), thresholdQuality()]);
  const model = activeScorer().model;
  return (
    <>
      <h1>Settings</h1>
      <section className="panel" aria-labelledby="model-title">
        <h2 id="model-title">Scoring model</h2>
        <p>
          Active model <strong>{model.name}</strong>, version <strong>{model.version}</strong>. Comments at or over a threshold
          below are flagged for review when they are imported or rescored.
        </p>
      </section>
      <section className="panel" aria-labelledby="thresholds-title">
        <h2 id="thresholds-title">Flag thresholds</h2>
        <p className="muted">
          Precision: of the comments a threshold would flag, the share moderators rejected. Recall: of the comments
          moderators rejected, the share it would flag. Measured on the {quality.labelled} comments with a moderator
          decision ({quality.rejected} rejected).
        </p>
        <ThresholdForm thresholds={thresholds} curves={quality.curves} />
      </section>
      <section className="panel" aria-labelledby="words-title">
        <h2 id="words-title">Word lists</h2>
        <p className="muted">
          Whole words or phrases, any case; <code>*</code> matches any letters (<code>idiot*</code>, <code>sh*t</code>).
          Banned terms reject a comment automatically (reason “banned term”); suspect terms flag it for review. Lists
          apply to comments as they are imported or rescored; decisions moderators made are never overridden.
        </p>
        <div className="grid2">
          <WordListEditor kind="banned" terms={lists.banned} />
          <WordListEditor kind="suspect" terms={lists.suspect} />
        </div>
      </section>
    </>
  );
}
