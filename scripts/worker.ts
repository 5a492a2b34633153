/**
 * npm run worker -- [--queues rescore,export-report,…] [--concurrency N]
 * Processes background jobs (every queue unless --queues names some) until stopped.
 * Ctrl-C / SIGTERM lets running jobs finish for up to WORKER_STOP_SECONDS (30); pg-boss
 * fails those still running then, and another worker retries them.
 * Run as many workers, on as many machines, as the load needs: they share one Postgres.
 */
import { z } from "zod";
import { cliMessage, parseOptions } from "@/lib/runtime/cli";
import { prepareDatabase } from "@/lib/runtime/database";
import { handleSignalsOurselves } from "@/lib/runtime/embedded-postgres";
import { JOB_NAMES, type JobName } from "@/lib/jobs/definitions";

const argsSchema = z.object({
  queues: z
    .string()
    .optional()
    .transform((v) => (v ? v.split(",").map((q) => q.trim()) : undefined))
    .pipe(z.array(z.enum(JOB_NAMES as [JobName, ...JobName[]])).optional()),
  concurrency: z.coerce.number().int().min(1).max(16).default(1),
});

async function main() {
  const flags = parseOptions(process.argv.slice(2), [], ["queues", "concurrency"]);
  const args = argsSchema.parse(flags);
  const database = await prepareDatabase({ leaveRunningIfShared: true });
  const { startWorker } = await import("@/lib/jobs");
  const stop = await startWorker({ ...args, log: (line) => process.stdout.write(`${line}\n`) });
  process.stdout.write(`worker ${process.pid} ready (${(args.queues ?? JOB_NAMES).join(", ")}, concurrency ${args.concurrency})\n`);
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`worker ${process.pid} stopping after running jobs…\n`);
    let code = 0;
    try {
      // Jobs still running after the stop time were given up (another worker retries them); their
      // handlers may still be writing, so the pool is left open under them and closes with the process.
      if (await stop()) {
        const { disconnectDb } = await import("@/lib/db");
        await disconnectDb();
      } else process.stdout.write(`worker ${process.pid}: leaving jobs that outlasted the stop time to be retried elsewhere\n`);
      await database.stop();
    } catch (err) {
      // The database away while stopping: say so, and stop anyway (the jobs' leases bring them back).
      process.stderr.write(`worker ${process.pid}: stopping: ${err instanceof Error ? err.message : String(err)}\n`);
      code = 1;
    } finally {
      process.exit(code);
    }
  };
  handleSignalsOurselves();
  // pg-boss records a job's outcome without waiting for it: with the database away at that
  // moment the rejection has no handler. The job's lease runs out and it is retried, so the
  // worker says so and keeps going rather than exiting.
  process.on("unhandledRejection", (reason) => {
    process.stderr.write(`worker ${process.pid}: ${reason instanceof Error ? reason.message : String(reason)} (a job whose outcome was not recorded is retried when its lease ends)\n`);
  });
  process.on("SIGINT", () => void shutdown());
  process.on("SIGTERM", () => void shutdown());
}

main().catch((err) => {
  process.stderr.write(`error: ${cliMessage(err)}\n`);
  process.exit(1);
});
