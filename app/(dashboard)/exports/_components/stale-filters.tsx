"use client";

import { createContext, useContext, useEffect, useState, type ReactNode } from "react";

const Stale = createContext(false);

/**
 * The downloads and background exports below the form carry the filters of the last preview. Once the
 * form is edited they no longer match what it shows, so they step aside until the next Preview.
 */
export function StaleFiltersProvider({ formId, children }: { formId: string; children: ReactNode }) {
  const [stale, setStale] = useState(false);
  useEffect(() => {
    const form = document.getElementById(formId);
    if (!form) return;
    const mark = () => setStale(true);
    form.addEventListener("input", mark);
    form.addEventListener("change", mark);
    return () => {
      form.removeEventListener("input", mark);
      form.removeEventListener("change", mark);
    };
  }, [formId]);
  return <Stale.Provider value={stale}>{children}</Stale.Provider>;
}

export const useFiltersStale = () => useContext(Stale);

export const STALE_MESSAGE = "The filters above have changed: press Preview to export what they select.";

/**
 * Its children while the form matches the last preview; a note saying to preview again once it does
 * not. The note's live region is always in the page, so the change is said when the downloads go.
 */
export function WhileFiltersCurrent({ children }: { children: ReactNode }) {
  const stale = useFiltersStale();
  return (
    <>
      <p className={stale ? "notice" : "sr-only"} role="status" data-testid="filters-stale">
        {stale ? STALE_MESSAGE : ""}
      </p>
      {!stale && children}
    </>
  );
}
