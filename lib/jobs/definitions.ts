import { z } from "zod";
import { storedReportRequestSchema } from "@/lib/reports/filters";

/**
 * Background work. Every handler is idempotent (set-based upserts keyed by natural
 * ids, one transaction per job), so a job retried after its worker died — or run
 * again by a slow worker whose lease expired — never duplicates anything.
 */
export const JOBS = {
  /** Score and flag a batch of comments (after a deferred import). */
  "score-comments": {
    schema: z.object({ commentIds: z.array(z.number().int().positive()).min(1).max(20_000) }),
    expireInSeconds: 300,
  },
  /** Import one file (each file is its own transaction). */
  "import-file": {
    schema: z.object({
      path: z.string().min(1),
      format: z.string().optional(),
      sourceKey: z.string().optional(),
      userId: z.number().int().positive().optional(),
    }),
    expireInSeconds: 3 * 3600,
  },
  /** Rescore the comments with ids in [fromId, toId] (or apply the rules to them): one batch of a rescore or rules run. */
  rescore: {
    schema: z.object({
      runId: z.string().min(1),
      fromId: z.number().int().min(0),
      toId: z.number().int().min(0),
      /** Comments in the range when the run was queued: what the batch counts for in its progress. */
      planned: z.number().int().min(0).optional(),
      /** A batch of a rules run: the flag rules alone, with the scores stored. */
      rulesOnly: z.boolean().optional(),
    }),
    expireInSeconds: 600,
  },
  /**
   * Writes one report (CSV, JSON lines or PDF) to a file in EXPORT_DIR named by the
   * job id, so a retry rewrites the same file. Few retries: a failure is rarely
   * passing (a full disk, an unwritable folder) and each attempt reads every row again.
   */
  "export-report": {
    schema: storedReportRequestSchema.extend({
      /** Who asked: only they (and admins) may see and download it; null from the command line. */
      userId: z.number().int().positive().nullable(),
      via: z.enum(["ui", "api", "cli"]),
    }),
    expireInSeconds: 3600,
    retryLimit: 2,
  },
  /**
   * VACUUM (ANALYZE) of the comment and score tables after an import changed many
   * rows (see vacuumAfterImport). Autovacuum waits for a fifth of a table to change,
   * and on a table of millions a large import stays under that.
   */
  "vacuum-tables": {
    schema: z.object({ changed: z.number().int().min(0) }),
    expireInSeconds: 3600,
    retryLimit: 1,
    // At most one waiting: imports that finish while one waits share it.
    policy: "short",
  },
  /**
   * A change of the active scoring model from the settings page: learning a site calibration
   * (then re-scoring everything with it) or returning to the shipped model. Long at scale, so
   * not in a web request; one at a time (an advisory lock); not retried, as a second try would
   * only repeat what the report of the first says.
   */
  "scoring-change": {
    // Who asked (the activity log names them with the outcome); null from older queued runs.
    schema: z.object({ kind: z.enum(["calibrate", "revert"]), runId: z.string().min(1).max(100), userId: z.number().int().positive().nullable().default(null) }),
    expireInSeconds: 3 * 3600,
    retryLimit: 0,
    // At most one waiting; one running at a time is the advisory lock's work.
    policy: "short",
  },
  /** Merges the insights rollups' delta rows (scheduled every minute). */
  "compact-rollups": {
    schema: z.object({}).passthrough(),
    expireInSeconds: 600,
  },
  /**
   * Marks failed the runs whose last try died with no one left to say so (scheduled every
   * minute), so they do not look running on the Imports and Settings pages for ever.
   */
  "settle-runs": {
    schema: z.object({}).passthrough(),
    expireInSeconds: 300,
    retryLimit: 0,
  },
} as const;

/** Jobs the workers run on a schedule (cron, UTC). */
export const SCHEDULES: { name: JobName; cron: string }[] = [
  { name: "compact-rollups", cron: "* * * * *" },
  { name: "settle-runs", cron: "* * * * *" },
];

export type JobName = keyof typeof JOBS;
export type JobData<N extends JobName> = z.infer<(typeof JOBS)[N]["schema"]>;
export const JOB_NAMES = Object.keys(JOBS) as JobName[];

/** How often a failed job is tried again (5 unless its definition says otherwise). */
export function retryLimit(name: JobName): number {
  const job = JOBS[name];
  return "retryLimit" in job ? job.retryLimit : 5;
}

/** pg-boss queue policy: "standard" unless the definition says otherwise. */
export function queuePolicy(name: JobName): "standard" | "short" {
  const job = JOBS[name];
  return "policy" in job ? job.policy : "standard";
}

/** Tests and operators can shorten the lease after which a dead worker's job is retried. */
export function expireSeconds(name: JobName): number {
  const override = Number(process.env.JOB_EXPIRE_SECONDS);
  return Number.isFinite(override) && override > 0 ? override : JOBS[name].expireInSeconds;
}
