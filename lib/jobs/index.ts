export { enqueue, jobState, type JobState } from "./enqueue";
export { startWorker, type WorkerOptions } from "./worker";
export { getBoss, stopBoss } from "./boss";
export { startProgress, getProgress, finishProgress, type Progress } from "./progress";
export { JOB_NAMES, type JobName, type JobData } from "./definitions";
export { asForegroundRun, runningRescore, startRescore, RESCORE_KINDS, type RescoreKind, type RunningRescore } from "./rescore";
export { vacuumAfterImport } from "./vacuum";
export { cancelScoringChange, pendingScoringChange, startScoringChange, type ScoringChangeKind } from "./scoring-change";
