// The importer under test, in its own process, so that a crash or a runaway file is
// seen by the fuzz runner (fuzz-imports.ts) instead of taking it down. Not a test on its own.
import { importAndCheck, type Outcome } from "./fuzz-check";

export type WorkerRequest = { id: number; file: string; sourceKey?: string };
export type WorkerReply =
  | { type: "ready" }
  | { type: "done"; id: number; outcome: Outcome; peakRssMb: number }
  /** importFiles itself threw: the importer let an error escape instead of rejecting the file. */
  | { type: "threw"; id: number; error: string };

const send = (reply: WorkerReply) => process.send!(reply);

process.on("message", (request: WorkerRequest) => {
  importAndCheck(request.file, { sourceKey: request.sourceKey }).then(
    (outcome) => send({ type: "done", id: request.id, outcome, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) }),
    (err: unknown) => send({ type: "threw", id: request.id, error: err instanceof Error ? (err.stack ?? err.message) : String(err) }),
  );
});
send({ type: "ready" });
