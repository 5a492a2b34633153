import type { Metadata } from "next";
import { requirePageUser } from "@/lib/auth/guard";
import { getThresholds, getWordLists, thresholdQuality } from "@/lib/moderation";
import { getScoringStatus } from "@/lib/scoring/service";
import { pendingScoringChange, runningRescore } from "@/lib/jobs";
import { unscoredComments } from "@/lib/analytics";
import { plural } from "../../_lib/plural";
import { CalibrateButton } from "./_components/calibrate-button";
import { RescoreButton } from "./_components/rescore-button";
import { ThresholdForm } from "./_components/threshold-form";
import { WordListEditor } from "./_components/word-list-editor";
import { day } from "../../_lib/when";
import { newsroomZone } from "../../_lib/zone";
import { thresholdLabel } from "@/lib/moderation/constants";

export const metadata: Metadata = { title: "Settings" };

const VALIDATION_SETS: Record<string, string> = {
  ucc: "Globe and Mail reader comments (UCC)",
  cat: "Wikipedia talk-page comments (CAT)",
};

/** "ucc rows (6196); …", as the model file records it, in words. */
function heldOut(on: string): string {
  const m = /^(\w+) rows \((\d+)\)/.exec(on);
  if (!m) return on;
  return `on ${Number(m[2]).toLocaleString("en")} ${VALIDATION_SETS[m[1]!] ?? m[1]} held out in turn (cross-validation)`;
}

export default async function SettingsPage() {
  await requirePageUser("administer", "/admin/settings");
  const [thresholds, lists, quality, scoring, pending, timeZone, rescoring] = await Promise.all([
    getThresholds(),
    getWordLists(),
    thresholdQuality(),
    getScoringStatus(),
    pendingScoringChange(),
    newsroomZone(),
    runningRescore(),
  ]);
  // After the model is known: the count is of comments that model has not scored.
  const unscored = await unscoredComments(scoring.model);
  return (
    <>
      <h1>Settings</h1>
      <section className="panel" aria-labelledby="model-title">
        <h2 id="model-title">Scoring model</h2>
        <dl className="stats">
          <div><dt>Model</dt><dd><strong>{scoring.model.name}</strong> {scoring.model.version}</dd></div>
          <div><dt>Provider</dt><dd>{scoring.provider}</dd></div>
          <div><dt>Profile</dt><dd>{scoring.profile}{scoring.commercialUse === false ? " (non-commercial use only)" : ""}</dd></div>
          <div><dt>Flag threshold</dt><dd>{thresholdLabel(scoring.threshold)}</dd></div>
          {scoring.crossValidated && (
            <div>
              <dt>Ranking quality (ROC-AUC, 1 = perfect, 0.5 = chance)</dt>
              <dd>{scoring.crossValidated.rocAuc.toFixed(3)} ± {scoring.crossValidated.sd.toFixed(3)}, {heldOut(scoring.crossValidated.on)}</dd>
            </div>
          )}
          <div><dt>Site calibration</dt><dd>{scoring.calibration ? `revision ${scoring.calibration.revision}, ${scoring.calibration.labels} labels, ${day(scoring.calibration.fittedAt, timeZone)}` : "none"}</dd></div>
        </dl>
        <p className="muted">
          {scoring.license ? `Training data licence: ${scoring.license}. ` : ""}Comments at or over a threshold below are
          flagged for review when they are imported or rescored; after changing thresholds or word lists, apply the
          rules to the stored comments to bring the queue up to date (no rescoring). The profile is set with <code>SCORING_PROFILE</code>;
          see the model card for what each profile was trained on.
        </p>
        <CalibrateButton
          calibrated={scoring.calibration !== null}
          shipped={scoring.shipped ? `${scoring.shipped.name} ${scoring.shipped.version}` : "the shipped model"}
          pending={pending ? { id: pending.id, kind: pending.kind as "calibrate" | "revert" } : null}
        />
        {unscored > 0 && !rescoring && (
          <p className="notice-box" role="status" data-testid="unscored">
            {plural(unscored, "comment")} {unscored === 1 ? "has" : "have"} no score from {scoring.model.name} {scoring.model.version}: they are
            left out of its flags, queue order and charts until a rescore scores them.
          </p>
        )}
        <RescoreButton running={rescoring} />
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
          Whole words or phrases, any case; <code>*</code> matches any letters (<code>idiot*</code>, <code>sh*t</code>). Masked spellings match too: <code>bastard</code> also catches <code>b*st*rd</code>.
          Banned terms reject a comment automatically (reason “banned term”); suspect terms flag it for review. Lists
          apply to comments as they are imported or rescored, and to stored comments with “Apply the rules to stored
          comments” above (a comment rejected for a term taken off the list comes back); decisions moderators made are
          never overridden.
        </p>
        <div className="grid2">
          <WordListEditor kind="banned" terms={lists.banned} />
          <WordListEditor kind="suspect" terms={lists.suspect} />
        </div>
      </section>
    </>
  );
}
