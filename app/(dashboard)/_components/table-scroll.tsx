"use client";

import { useEffect, useRef, useState, type ReactNode } from "react";

/**
 * A wide table scrolls inside its panel, not the page. While it does, keyboard users can focus the
 * scrolling area and move it with the arrow keys (WCAG 2.1.1); when the table fits, it is no tab stop.
 */
export function TableScroll({ label = "Table, scrolls sideways", children }: { label?: string; children: ReactNode }) {
  const box = useRef<HTMLDivElement>(null);
  const [overflows, setOverflows] = useState(false);
  useEffect(() => {
    const el = box.current;
    if (!el || typeof ResizeObserver === "undefined") return;
    const check = () => setOverflows(el.scrollWidth > el.clientWidth + 1);
    const observer = new ResizeObserver(check);
    observer.observe(el);
    check();
    return () => observer.disconnect();
  }, []);
  return (
    <div
      ref={box}
      className="table-scroll"
      {...(overflows ? { tabIndex: 0, role: "region", "aria-label": label } : {})}
    >
      {children}
    </div>
  );
}
