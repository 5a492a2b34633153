import { z } from "zod";

export const ROLES = ["admin", "moderator", "editor", "staff"] as const;
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

/** Who may do what. Every guard names one of these capabilities, never a role list of its own. */
export const CAPABILITIES = {
  /** Review queue, decisions, thread and commenter views. */
  moderate: ["admin", "moderator"],
  /** Insights charts. */
  viewInsights: ["admin", "editor", "staff"],
  /** CSV / JSON lines / PDF exports. */
  export: ["admin", "editor", "moderator", "staff"],
  /** Upload files and see import runs. */
  import: ["admin", "moderator"],
  /** Users, roles, thresholds, word lists. */
  administer: ["admin"],
  /** Any signed-in user. */
  signedIn: ["admin", "moderator", "editor", "staff"],
} as const satisfies Record<string, readonly Role[]>;
export type Capability = keyof typeof CAPABILITIES;

export function can(role: string | undefined | null, capability: Capability): boolean {
  const parsed = roleSchema.safeParse(role);
  return parsed.success && (CAPABILITIES[capability] as readonly Role[]).includes(parsed.data);
}
