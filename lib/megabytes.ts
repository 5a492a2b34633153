/**
 * A size as people read it, never rounded up past what it is: "200 MB", "2.5 MB", "266 KB"
 * (pages and server messages alike; a limit shown rounded up would invite a file it refuses).
 */
export function megabytes(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.floor(bytes / 1024).toLocaleString("en")} KB`;
  return `${(Math.floor((bytes / 1024 / 1024) * 10) / 10).toLocaleString("en")} MB`;
}
