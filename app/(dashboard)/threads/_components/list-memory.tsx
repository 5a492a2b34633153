"use client";

import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";
import { useEffect, useState } from "react";

/** Where this tab last listed threads (the view, filters, sort and page), for the way back from a thread. */
const KEY = "threads.list";

/** Placed on the thread lists: remembers the list as shown, in this tab only. */
export function RememberThreadList() {
  const path = usePathname();
  const search = useSearchParams().toString();
  useEffect(() => {
    try {
      sessionStorage.setItem(KEY, search ? `${path}?${search}` : path);
    } catch {
      // Storage off (a private window's settings): the way back is the plain list.
    }
  }, [path, search]);
  return null;
}

/** "← Threads", back to the list as the moderator left it, not to its first view. */
export function BackToThreads() {
  const [href, setHref] = useState("/threads");
  useEffect(() => {
    try {
      const remembered = sessionStorage.getItem(KEY);
      // Only ever a path of the thread lists.
      if (remembered && /^\/threads(\?|$)/.test(remembered)) setHref(remembered);
    } catch {
      // As above.
    }
  }, []);
  return <Link href={href}>← Threads</Link>;
}
