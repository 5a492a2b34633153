import path from "node:path";
import type { Column } from "./table";

/** The report's fonts (DejaVu, from the `dejavu-fonts-ttf` package). */
export const FONTS = path.join(process.cwd(), "node_modules", "dejavu-fonts-ttf", "ttf");

/** The top-threads table: each number column fits its header's longest word, so no header breaks inside a word. */
export const THREAD_COLUMNS: Column[] = [
  { header: "Thread", width: 180 }, { header: "Source", width: 70 }, { header: "Comments", width: 60, align: "right" },
  { header: "Avg sentiment", width: 65, align: "right" }, { header: "Uncivil", width: 55, align: "right" }, { header: "Removed", width: 65, align: "right" },
];
