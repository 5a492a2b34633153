import fs from "node:fs";
import path from "node:path";
import { expect, type Page } from "@playwright/test";
import type { Role } from "./helpers";
import { E2E } from "./env";

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
type Allowed = Role[] | "public" | "signed-in";
/**
 * Writes (POST, DELETE…) are probed with an empty JSON body: allowed roles get 422 (invalid
 * input), others 401/403. `method` is the route's main method (GET unless said); `also` holds the
 * other methods its handler exports, each with who may use it.
 */
type Rule = { kind: "page" | "api"; allowed: Allowed; method?: Method; status?: number; also?: Partial<Record<Method, { allowed: Allowed; status?: number }>> };

/** The methods a rule covers. */
export function methodsOf(rule: Rule): Method[] {
  return [rule.method ?? "GET", ...(Object.keys(rule.also ?? {}) as Method[])].sort();
}

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
  "/api/v1/reports/jobs": { kind: "api", allowed: EVERYONE, also: { POST: { allowed: EVERYONE } } },
  // "1" is no export job id: allowed roles get 422, everyone else is stopped before the lookup.
  "/api/v1/reports/jobs/[id]": { kind: "api", allowed: EVERYONE, status: 422, also: { DELETE: { allowed: EVERYONE, status: 422 } } },
  "/api/v1/reports/jobs/[id]/file": { kind: "api", allowed: EVERYONE, status: 422 },
  "/api/imports": { kind: "api", allowed: ["admin", "moderator"], also: { POST: { allowed: ["admin", "moderator"] } } },
  "/api/auth/[...nextauth]": { kind: "api", allowed: "public", also: { POST: { allowed: "public" } } },
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

/** The methods each route handler under app/ exports, by URL path. */
export function enumerateRouteMethods(): Record<string, Method[]> {
  const found: Record<string, Method[]> = {};
  const walk = (dir: string, segments: string[]) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name.startsWith("_")) continue;
        walk(full, /^\(.*\)$/.test(entry.name) ? segments : [...segments, entry.name]);
      } else if (/^route\.tsx?$/.test(entry.name)) {
        const text = fs.readFileSync(full, "utf8");
        const methods = new Set<Method>();
        for (const m of text.matchAll(/export\s+(?:const|async\s+function|function)\s+(GET|POST|PUT|PATCH|DELETE)\b/g)) methods.add(m[1] as Method);
        for (const list of text.matchAll(/export\s*\{([^}]*)\}/g)) {
          for (const m of list[1]!.matchAll(/\bas\s+(GET|POST|PUT|PATCH|DELETE)\b/g)) methods.add(m[1] as Method);
        }
        found[`/${segments.join("/")}`] = [...methods].sort();
      }
    }
  };
  walk("app", []);
  return found;
}

/** The route key in ACCESS without its sample query string. */
export function routePath(key: string): string {
  return key.split("?")[0]!;
}

/** Checks every route in ACCESS as the signed-in role of `page` (or anonymous). */
export async function expectAccess(page: Page, role: Role | null): Promise<void> {
  const probes = Object.entries(ACCESS).flatMap(([route, rule]) =>
    methodsOf(rule).map((method) => {
      const other = method === (rule.method ?? "GET") ? undefined : rule.also?.[method];
      return { route, rule, method, allowedRoles: other?.allowed ?? rule.allowed, expected: other ? other.status : rule.status };
    }),
  );
  for (const { route, rule, method, allowedRoles, expected } of probes) {
    if (route.includes("[...")) continue; // next-auth's own handler
    // Dynamic segments get id 1, which the demo data always has.
    const url = route.replace(/\[\w+\]/g, "1");
    const response =
      method === "GET"
        // As the browser sends it from this site's own pages (downloads require it).
        ? await page.request.get(url, { maxRedirects: 0, headers: { "sec-fetch-site": "same-origin" } })
        : await page.request.fetch(url, { method, data: {}, maxRedirects: 0, headers: { origin: E2E.baseURL } });
    const status = response.status();
    const allowed =
      allowedRoles === "public" || (role !== null && (allowedRoles === "signed-in" || allowedRoles.includes(role)));
    const label = `${role ?? "anonymous"} → ${method} ${url}`;
    if (allowed) {
      // "/" sends each role to its start page; the sign-in page sends signed-in users on.
      if (url === "/" || (url === "/login" && role !== null)) expect([200, 307], label).toContain(status);
      else if (expected) expect(status, label).toBe(expected);
      else if (method !== "GET") expect(status, label).toBe(422);
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
