/**
 * Fault and load proofs against a running stack (embedded PostgreSQL + next start):
 * Postgres restarted under the app, kill -9 during bulk decisions, and N signed-in
 * sessions on the queue, thread and insights pages.
 *   node --import tsx tests/reliability/system.ts [--sessions 50] [--seconds 60] [--rounds 5] [--comments 5000]
 */
import { z } from "zod";
import { startStack } from "./stack";
import { killBulkDecision, restartDatabaseUnderApp, type PartResult } from "./faults";
import { sessionLoad } from "./load";
import { printSummary } from "./report";
import { optionsOrExit } from "./options";

const argsSchema = z.object({
  sessions: z.coerce.number().int().min(1).max(500).default(50),
  seconds: z.coerce.number().min(3).max(3600).default(60),
  rounds: z.coerce.number().int().min(1).max(100).default(5),
  comments: z.coerce.number().int().min(500).max(1_000_000).default(5000),
});

export async function runSystemProofs(args: z.infer<typeof argsSchema>, log: (l: string) => void): Promise<PartResult[]> {
  log(`starting a stack with ${args.comments} demo comments…`);
  const stack = await startStack({ demoComments: args.comments, log });
  try {
    const parts: PartResult[] = [];
    parts.push(await restartDatabaseUnderApp(stack, log));
    parts.push(await killBulkDecision(stack, args.rounds, log));
    parts.push((await sessionLoad(stack, { sessions: args.sessions, seconds: args.seconds, log })).part);
    return parts;
  } finally {
    const { disconnectDb } = await import("@/lib/db");
    await disconnectDb();
    await stack.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = optionsOrExit(argsSchema);
  const log = (l: string) => process.stderr.write(`${l}\n`);
  runSystemProofs(args, log)
    .then((parts) => process.exit(printSummary(parts) ? 1 : 0))
    .catch((err) => {
      process.stderr.write(`error: ${err instanceof Error ? err.stack : String(err)}\n`);
      process.exit(1);
    });
}
