import { loadAttributes, loadSentimentHistogram, type AttributeRow, type SentimentBin } from "./distribution";
import { resolveFilters, type InsightsFilters, type InsightsParams } from "./filters";
import { loadHeatBoard, loadTopCommenters, type CommenterBoard, type HeatBoard } from "./leaders";
import { listModelVersions, listSegments, type ModelOption, type Segments } from "./models";
import { loadOverview, type Overview } from "./overview";
import { cachedInsights } from "./cache";
import { compactRollupsSoon } from "./rollups";
import { loadSeries, type SeriesPoint } from "./series";
import { loadWords, type WordBoard } from "./words";
import { loadWorkload, type Workload } from "./workload";

export type Coverage = {
  /** No comments at all in the range (with these filters). */
  empty: boolean;
  /** Comments in the range without a score from the chosen model version. */
  unscored: number;
};

export type { SeriesPoint, SentimentBin, AttributeRow, HeatBoard, CommenterBoard, WordBoard, Workload, Overview, ModelOption };

export type Insights = {
  filters: InsightsFilters;
  models: ModelOption[];
  segments: Segments;
  coverage: Coverage;
  overview: Overview;
  series: SeriesPoint[];
  histogram: SentimentBin[];
  attributes: AttributeRow[];
  heat: HeatBoard;
  commenters: CommenterBoard;
  words: WordBoard;
  workload: Workload;
};

/** Everything the Insights page shows, from the rollup tables (kept until they change: cache.ts). */
export async function loadInsights(params: InsightsParams): Promise<Insights> {
  const filters = await resolveFilters(params);
  const result = cachedInsights(JSON.stringify(filters), () => computeInsights(filters));
  compactRollupsSoon();
  return result;
}

async function computeInsights(filters: InsightsFilters): Promise<Insights> {
  const [models, segments, overview, series, histogram, attributes, heat, commenters, words, workload] = await Promise.all([
    listModelVersions(),
    listSegments(),
    loadOverview(filters),
    loadSeries(filters),
    loadSentimentHistogram(filters),
    loadAttributes(filters),
    loadHeatBoard(filters),
    loadTopCommenters(filters),
    loadWords(filters),
    loadWorkload(filters),
  ]);
  const { comments, scored } = overview.current;
  return {
    filters,
    models,
    segments,
    coverage: { empty: comments === 0, unscored: Math.max(0, comments - scored) },
    overview,
    series,
    histogram,
    attributes,
    heat,
    commenters,
    words,
    workload,
  };
}
