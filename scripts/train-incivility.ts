/**
 * npm run train:incivility -- [--profile default|news] [--folds 5] [--seed 7] [--data DIR] [--out DIR] [--version 1.6.1]
 * Trains the shipped incivility models (both profiles unless one is named) from the
 * labelled sets, with k-fold figures; needs the sentiment model in the same folder.
 */
import { runTrainingCli } from "@/lib/scoring/training/cli";

runTrainingCli(process.argv.slice(2), ["incivility"]);
