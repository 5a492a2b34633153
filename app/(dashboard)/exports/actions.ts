"use server";

import { actionWithRole } from "@/lib/auth/guard";
import { cancelReportExport, enqueueReportExport } from "@/lib/reports/export-jobs";
import { reportRequestSchema } from "@/lib/reports/filters";

/** Queues the report the builder shows for the workers (`npm run worker`); the page follows it from there. */
export const startReportExportAction = actionWithRole("export", async (user, input: unknown) => {
  return enqueueReportExport(reportRequestSchema.parse(input), { userId: user.id, via: "ui" });
});

/** Cancels one of the user's queued or running exports (admins: anyone's). */
export const cancelReportExportAction = actionWithRole("export", async (user, id: unknown) => {
  return cancelReportExport(String(id), user);
});
