"use client";

import { statusClass } from "../../../_lib/use-said";
import { useState } from "react";
import type { QualityPoint } from "@/lib/moderation/threshold-quality";
import type { Thresholds } from "@/lib/moderation/thresholds";
import { THRESHOLD_LABELS, thresholdLabel } from "@/lib/moderation/constants";
import { saveThresholdsAction } from "../actions";
import { UNREACHABLE, useOneAtATime } from "../../../_lib/use-one-at-a-time";

const LABELS: Record<keyof Thresholds, string> = THRESHOLD_LABELS;

const pct = (v: number | null) => (v === null ? "–" : `${Math.round(v * 100)}%`);

function pointAt(curve: QualityPoint[], value: number): QualityPoint | undefined {
  return curve.reduce<QualityPoint | undefined>((best, p) => (!best || Math.abs(p.threshold - value) < Math.abs(best.threshold - value) ? p : best), undefined);
}

export function ThresholdForm({ thresholds, curves }: { thresholds: Thresholds; curves: Record<keyof Thresholds, QualityPoint[]> }) {
  const [values, setValues] = useState(thresholds);
  // What the form started from: only the rows changed since are sent, with these values, so an
  // edit by another admin is neither overwritten nor lost.
  const [seen, setSeen] = useState(thresholds);
  const [message, setMessage] = useState("");
  const { run } = useOneAtATime();
  async function save() {
    const keys = (Object.keys(values) as (keyof Thresholds)[]).filter((key) => values[key] !== seen[key]);
    if (!keys.length) {
      setMessage("Nothing to save: no threshold was changed.");
      return;
    }
    const pick = (from: Thresholds) => Object.fromEntries(keys.map((key) => [key, from[key]]));
    const result = await saveThresholdsAction({ values: pick(values), seen: pick(seen) });
    if (result.ok) {
      const others = (Object.keys(LABELS) as (keyof Thresholds)[]).filter((key) => !keys.includes(key) && result.data[key] !== seen[key]);
      setValues(result.data);
      setSeen(result.data);
      setMessage(
        "Saved. New imports and rescoring use these thresholds; “Apply the rules to stored comments” above applies them to the comments stored." +
          (others.length ? ` Another admin changed ${others.map((key) => LABELS[key].toLowerCase()).join(", ")} meanwhile: shown as saved.` : ""),
      );
      return;
    }
    const current = result.status === 409 ? (result.current as Thresholds | undefined) : undefined;
    if (current) {
      // Sliders another admin moved show their value; the admin's own other edits stay, to save again.
      const next = { ...current };
      for (const key of keys) if (current[key] === seen[key]) next[key] = values[key];
      setValues(next);
      setSeen(current);
    }
    setMessage(`Not saved: ${result.error}`);
  }
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        // One save at a time: a second one, sent with the values the first started from, would be
        // refused as another admin's change and logged twice.
        void run(save, () => setMessage(UNREACHABLE));
      }}
    >
      <table>
        <thead>
          <tr><th scope="col">Score</th><th scope="col">Threshold</th><th scope="col">Precision</th><th scope="col">Recall</th></tr>
        </thead>
        <tbody>
          {(Object.keys(LABELS) as (keyof Thresholds)[]).map((key) => {
            const point = pointAt(curves[key] ?? [], values[key]);
            return (
              <tr key={key}>
                <th scope="row"><label htmlFor={`t-${key}`}>{LABELS[key]}</label></th>
                <td>
                  <input
                    id={`t-${key}`}
                    type="range"
                    min={0.05}
                    max={1}
                    step={0.05}
                    value={values[key]}
                    onChange={(e) => setValues({ ...values, [key]: Number(e.target.value) })}
                    aria-valuetext={thresholdLabel(values[key])}
                  />{" "}
                  <output htmlFor={`t-${key}`}>{thresholdLabel(values[key])}</output>
                </td>
                <td>{pct(point?.precision ?? null)}</td>
                <td>{pct(point?.recall ?? null)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p>
        <button className="btn primary" type="submit">Save thresholds</button>{" "}
        <span role="status" aria-live="polite" className={statusClass(message)}>{message}</span>
      </p>
    </form>
  );
}
