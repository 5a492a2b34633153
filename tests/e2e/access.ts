import fs from "node:fs";
import path from "node:path";
import { expect, type Page } from "@playwright/test";
import type { Role } from "./helpers";
import { E2E } from "./env";

/** POST routes are probed with an empty JSON body: allowed roles get 422 (invalid input), others 401/403. */
type Rule = { kind: "page" | "api"; allowed: Role[] | "public" | "signed-in"; method?: "GET" | "POST"; status?: number };

const EVERYONE: Role[] = ["admin", "moderator", "editor", "staff"];

/** Who may open each route. Every page and route handler in app/ must appear here. */
export const ACCESS: Record<string, Rule> = {
  "/": { kind: "page", allowed: "signed-in" },
  "/login": { kind: "page", allowed: "public" },
  "/queue": { kind: "page", allowed: ["admin", "moderator"] },
  "/insights": { kind: "page", allowed: ["admin", "editor", "staff"] },
  "/insights/articles/[id]": { kind: "page", allowed: ["admin", "editor", "staff"] },
  "/insights/authors/[id]": { kind: "page", allowed: ["admin", "editor", "staff"] },
  "/exports": { kind: "page", allowed: EVERYONE },
  "/imports": { kind: "page", allowed: ["admin", "moderator"] },
  "/admin/users": { kind: "page", allowed: ["admin"] },
  "/admin/settings": { kind: "page", allowed: ["admin"] },
  "/admin/exports": { kind: "page", allowed: ["admin"] },
  "/admin/activity": { kind: "page", allowed: ["admin"] },
  "/threads": { kind: "page", allowed: ["admin", "moderator"] },
  "/threads/[id]": { kind: "page", allowed: ["admin", "moderator"] },
  "/commenters/[id]": { kind: "page", allowed: ["admin", "moderator"] },
  "/audit": { kind: "page", allowed: ["admin", "moderator"] },
  "/api/v1/queue": { kind: "api", allowed: ["admin", "moderator"] },
  "/api/v1/threads": { kind: "api", allowed: ["admin", "moderator"] },
  "/api/v1/threads/[id]": { kind: "api", allowed: ["admin", "moderator"] },
  "/api/v1/comments/[id]": { kind: "api", allowed: ["admin", "moderator"] },
  "/api/v1/comments/[id]/decision": { kind: "api", allowed: ["admin", "moderator"], method: "POST" },
  "/api/v1/decisions/bulk": { kind: "api", allowed: ["admin", "moderator"], method: "POST" },
  "/api/v1/audit": { kind: "api", allowed: ["admin", "moderator"] },
  "/api/v1/insights": { kind: "api", allowed: ["admin", "editor", "staff"] },
  // No run 1 exists: admins get 404, everyone else is stopped before the lookup.
  "/api/v1/jobs/[id]": { kind: "api", allowed: ["admin"], status: 404 },
  "/api/health": { kind: "api", allowed: "public" },
  "/api/export?format=csv": { kind: "api", allowed: EVERYONE },
  "/api/v1/reports?format=csv": { kind: "api", allowed: EVERYONE },
  "/api/v1/reports/jobs": { kind: "api", allowed: EVERYONE },
  // "1" is no export job id: allowed roles get 422, everyone else is stopped before the lookup.
  "/api/v1/reports/jobs/[id]": { kind: "api", allowed: EVERYONE, status: 422 },
  "/api/v1/reports/jobs/[id]/file": { kind: "api", allowed: EVERYONE, status: 422 },
  "/api/imports": { kind: "api", allowed: ["admin", "moderator"] },
  "/api/auth/[...nextauth]": { kind: "api", allowed: "public" },
};

/** Every page and route handler under app/, as URL paths (route groups removed). */
export function enumerateRoutes(): string[] {
  const found: string[] = [];
  const walk = (dir: string, segments: string[]) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (entry.name.startsWith("_")) continue; // private folders (components)
        const isGroup = /^\(.*\)$/.test(entry.name);
        walk(path.join(dir, entry.name), isGroup ? segments : [...segments, entry.name]);
      } else if (/^(page|route)\.tsx?$/.test(entry.name)) {
        found.push(`/${segments.join("/")}`);
      }
    }
  };
  walk("app", []);
  return found.sort();
}

/** The route key in ACCESS without its sample query string. */
export function routePath(key: string): string {
  return key.split("?")[0]!;
}

/** Checks every route in ACCESS as the signed-in role of `page` (or anonymous). */
export async function expectAccess(page: Page, role: Role | null): Promise<void> {
  for (const [route, rule] of Object.entries(ACCESS)) {
    if (route.includes("[...")) continue; // next-auth's own handler
    // Dynamic segments get id 1, which the demo data always has.
    const url = route.replace(/\[\w+\]/g, "1");
    const response =
      rule.method === "POST"
        ? await page.request.post(url, { data: {}, maxRedirects: 0, headers: { origin: E2E.baseURL } })
        : await page.request.get(url, { maxRedirects: 0 });
    const status = response.status();
    const allowed =
      rule.allowed === "public" || (role !== null && (rule.allowed === "signed-in" || rule.allowed.includes(role)));
    const label = `${role ?? "anonymous"} → ${url}`;
    if (allowed) {
      // "/" sends each role to its start page; the sign-in page sends signed-in users on.
      if (url === "/" || (url === "/login" && role !== null)) expect([200, 307], label).toContain(status);
      else if (rule.status) expect(status, label).toBe(rule.status);
      else if (rule.method === "POST") expect(status, label).toBe(422);
      else expect(status, label).toBe(200);
      continue;
    }
    const body = await response.text();
    if (role === null) {
      if (rule.kind === "page") {
        expect(status, label).toBe(307);
        expect(response.headers()["location"], label).toMatch(/\/login/);
      } else {
        expect(status, label).toBe(401);
        expect(JSON.parse(body), label).toEqual({ error: "sign in required" });
      }
    } else {
      expect(status, label).toBe(403);
      if (rule.kind === "api") expect(JSON.parse(body), label).toEqual({ error: "your role may not do this" });
      // No comment text leaks into a denied page.
      else expect(body, label).not.toMatch(/incivility \d+%/);
    }
  }
}
