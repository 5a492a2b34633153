/** A size in megabytes as people read it: "200 MB", "2.5 MB" (pages and server messages alike). */
export function megabytes(bytes: number): string {
  return `${Number((bytes / 1024 / 1024).toFixed(1)).toLocaleString("en")} MB`;
}
