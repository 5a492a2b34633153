import { cache } from "react";
import { getTimezone } from "@/lib/analytics";

/** The newsroom's time zone, read once per request however many parts of a page ask for it. */
export const newsroomZone = cache(() => getTimezone());
