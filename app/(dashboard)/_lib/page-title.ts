import { pageId } from "./page-id";
import type { Metadata } from "next";
import { can, type Capability } from "@/lib/auth/roles";
import { getCurrentUser } from "@/lib/auth/session";

/**
 * A page title naming what a page shows ("Harbour ferry fares · Thread"), only for a user who may
 * see it (moderators, unless said): metadata is read before the page's own role check.
 */
export async function pageTitle(
  rawId: string,
  label: string,
  nameOf: (id: number) => Promise<string>,
  capability: Capability = "moderate",
): Promise<Metadata> {
  const id = pageId(rawId);
  const user = await getCurrentUser();
  if (!user || !can(user.role, capability) || id === null) return { title: label };
  const name = await nameOf(id).catch(() => null);
  return { title: name ? `${name} · ${label}` : label };
}
