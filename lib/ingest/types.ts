export type SourceStatus = "visible" | "deleted" | "spam" | "pending";
export type CommentKind = "comment" | "pingback" | "trackback";

export type SourceInfo = { key: string; name: string; platform: string };

export type ParsedThread = {
  key: string;
  title: string;
  url?: string | null;
  publishedAt?: Date | null;
  closed?: boolean;
};

export type ParsedComment = {
  sourceCommentId: string;
  threadKey: string;
  parentSourceId?: string | null;
  parentInferred?: boolean;
  authorKey: string;
  authorName: string;
  authorEmail?: string | null;
  authorIp?: string | null;
  authorAnonymous?: boolean;
  body: string;
  bodyHtml?: string | null;
  postedAt: Date;
  postedAtEstimated?: boolean;
  sourceStatus: SourceStatus;
  kind?: CommentKind;
};

/** A comment of a saved page with the line it starts on, for rejections. */
export type PageComment = ParsedComment & { line: number };

/** What a whole-file parser (saved text and HTML pages) made of one file. */
export type ParsedFile = {
  format: string;
  source: SourceInfo;
  threads: ParsedThread[];
  comments: PageComment[];
  /** Comments whose thread is missing: counted and listed, never attached at random. */
  orphans: { sourceCommentId: string; threadKey: string }[];
  /** Plain-language remarks for the import summary (e.g. "Disqus placeholder only"). */
  notes: string[];
};

/**
 * What streaming parsers emit, in file order. A comment may name a thread that
 * comes later in the file (or never: an orphan). The `source` event describes the
 * file's source and may come last; `sourceKey` is only set by formats whose rows
 * name their own source (CSV, JSON lines, Commento) and then wins over it.
 */
export type ParseEvent =
  | { type: "source"; source: SourceInfo; /** Where the file names its key and its name, for an error about them. */ lines?: { key?: number; name?: number } }
  /** `keep`: store the thread even when no comment names it (a saved page is its article). */
  | { type: "thread"; thread: ParsedThread; sourceKey?: string; keep?: boolean; line?: number }
  | { type: "comment"; comment: ParsedComment; line: number; sourceKey?: string }
  | { type: "note"; message: string };

/** A file that cannot be imported: where and why, in plain language. */
export class ImportRejection extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    message: string,
  ) {
    super(message);
    this.name = "ImportRejection";
  }
}
