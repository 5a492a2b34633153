import fs from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { signIn, type Role } from "./helpers";
import { E2E } from "./env";
import { CAPABILITIES, type Capability } from "../../lib/auth/roles";

type Action = { file: string; name: string; capability: Capability };

/** Every server action in app/, read from the code: exported from a "use server" file. */
function enumerateActions(): { actions: Action[]; unguarded: string[] } {
  const actions: Action[] = [];
  const unguarded: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.tsx?$/.test(entry.name)) {
        const source = fs.readFileSync(full, "utf8");
        if (!/^["']use server["'];/m.test(source)) continue;
        const guarded = new Map([...source.matchAll(/const (\w+) = actionWithRole\("(\w+)"/g)].map((g) => [g[1]!, g[2]!]));
        for (const m of source.matchAll(/^export (const|async function|function) (\w+)/gm)) {
          const name = m[2]!;
          // Either the export is the guarded action, or a wrapper whose body only returns a guarded one.
          const body = m[1] === "const" ? "" : source.slice(m.index).split(/^}/m)[0]!;
          const inner = body.match(/return (\w+)\(/)?.[1];
          const capability = guarded.get(name) ?? (inner ? guarded.get(inner) : undefined);
          if (capability) actions.push({ file: full, name, capability: capability as Capability });
          else unguarded.push(`${full}: ${name}`);
        }
      }
    }
  };
  walk("app");
  return { actions, unguarded };
}

function manifest(): Record<string, { workers: Record<string, unknown>; filename: string; exportedName: string }> {
  const dist = process.env.NEXT_DIST_DIR || ".next";
  return JSON.parse(fs.readFileSync(path.join(dist, "server", "server-reference-manifest.json"), "utf8")).node;
}

/** Calls a server action the way the browser does (POST to a page that hosts it, Next-Action header). */
async function callAction(page: Page, id: string, worker: string): Promise<string> {
  const route = `/${worker.replace(/^app\//, "").replace(/\/page$/, "").replace(/\([^)]*\)\/?/g, "")}`.replace(/\/$/, "") || "/";
  const response = await page.request.post(route.replace(/\[\w+\]/g, "1"), {
    headers: { "next-action": id, origin: E2E.baseURL, "content-type": "text/plain;charset=UTF-8", accept: "text/x-component" },
    data: "[{}]",
    maxRedirects: 0,
  });
  return response.text();
}

const { actions, unguarded } = enumerateActions();

test("every server action goes through the role guard", () => {
  expect(unguarded).toEqual([]);
  expect(actions.length).toBeGreaterThan(5);
  const built = Object.values(manifest()).map((a) => `${a.filename}#${a.exportedName}`);
  for (const a of actions) expect(built, `${a.file}#${a.name} is in the build`).toContain(`${a.file}#${a.name}`);
});

for (const role of [null, "staff", "editor", "moderator"] as (Role | null)[]) {
  test(`server actions refuse ${role ?? "anonymous visitors"} without the capability`, async ({ page }) => {
    if (role) await signIn(page, role);
    const entries = Object.entries(manifest());
    let checked = 0;
    for (const action of actions) {
      const allowed = role !== null && (CAPABILITIES[action.capability] as readonly string[]).includes(role);
      if (allowed) continue; // allowed calls would change data; their behaviour is tested elsewhere
      const [id, entry] = entries.find(([, e]) => e.filename === action.file && e.exportedName === action.name)!;
      const body = await callAction(page, id, Object.keys(entry.workers)[0]!);
      const expected = role === null ? '"status":401' : '"status":403';
      expect(body, `${role ?? "anonymous"} → ${action.name}`).toContain(expected);
      expect(body, `${role ?? "anonymous"} → ${action.name}`).toContain('"ok":false');
      checked++;
    }
    expect(checked).toBeGreaterThan(0);
  });
}
