/**
 * What closing and pre-moderating a thread do, for the buttons' help and the line after a change.
 * Neither reaches the source: its comments are published there whatever is decided here.
 */
export const THREAD_STATE_WORDS = {
  close: {
    help: "Takes the thread off Needing attention; a later import reopens it only if its source reopens it. Commenting on the site, imports and flagging go on.",
    done: "Thread closed: hidden from Needing attention; commenting on the site is unaffected.",
  },
  reopen: {
    help: "Lets the thread show in Needing attention again. A later import closes it only if its source closes it anew.",
    done: "Thread reopened: it can show in Needing attention again.",
  },
  premoderate: {
    help: "Flags every new comment of this thread for review here. They are already live at the source.",
    done: "New comments of this thread will be flagged for review here (they are already live at the source).",
  },
  stopPremoderating: {
    help: "Stops flagging every new comment of this thread; the usual rules still flag those they catch.",
    done: "New comments of this thread are flagged only by the usual rules again.",
  },
} as const;
