/**
 * npm run user -- create --email E --role R [--password P]
 * npm run user -- token --email E
 * npm run user -- revoke --id TOKEN_ID
 * npm run user -- deactivate --email E   |   activate --email E
 * npm run user -- reset-password --email E   (a new generated password; ends their sessions)
 */
import { z } from "zod";
import { parseArgs, runCli } from "@/lib/runtime/cli";
import { roleSchema } from "@/lib/auth/roles";

// Strict: an option another subcommand takes (`token --role admin`) is refused, not ignored.
const createSchema = z.strictObject({ email: z.string().email(), role: roleSchema, password: z.string().optional() });
const tokenSchema = z.strictObject({ email: z.string().email() });

/** Changes made here are in the activity log too, by "the command line". */
async function cli(action: string, subject: string, detail?: Record<string, unknown>): Promise<void> {
  await (await import("@/lib/activity")).recordCliActivity(action, subject, detail);
}

const USAGE = [
  "usage: npm run user -- create --email E --role admin|moderator|editor|staff [--password P]",
  "       npm run user -- token --email E",
  "       npm run user -- revoke --id TOKEN_ID",
  "       npm run user -- deactivate|activate --email E",
  "       npm run user -- reset-password --email E",
].join("\n");

/** The command and its options, checked before any database is reached. */
function readArgs() {
  const { flags, positionals } = parseArgs(process.argv.slice(2), [], ["email", "role", "password", "id"]);
  const command = positionals[0];
  if (positionals.length !== 1) throw new Error(USAGE);
  if (command === "create") return { command, ...createSchema.parse(flags) } as const;
  if (command === "revoke") return { command, ...z.strictObject({ id: z.coerce.number().int().positive() }).parse(flags) } as const;
  if (command === "token" || command === "reset-password" || command === "deactivate" || command === "activate") {
    return { command, ...tokenSchema.parse(flags) } as const;
  }
  throw new Error(USAGE);
}

void runCli(readArgs, async (args) => {
  if (args.command === "create") {
    const { createUser } = await import("@/lib/auth/users");
    const { user, password } = await createUser(args);
    await cli("created a user", user.email, { role: user.role });
    process.stdout.write(`created ${user.email} (${user.role})\n`);
    if (!args.password) process.stdout.write(`password: ${password}\n`);
    return 0;
  }
  if (args.command === "token") {
    const { issueToken } = await import("@/lib/auth/tokens");
    const token = await issueToken(args.email);
    await cli("issued an API token", args.email);
    process.stdout.write(`${token}\n`);
    process.stderr.write("Use it as `Authorization: Bearer <token>`. It is shown once; only its hash is stored.\n");
    return 0;
  }
  if (args.command === "revoke") {
    const { revokeToken } = await import("@/lib/auth/tokens");
    await revokeToken(args.id);
    await cli("revoked an API token", `token ${args.id}`);
    process.stdout.write(`revoked token ${args.id}\n`);
    return 0;
  }
  if (args.command === "reset-password") {
    const { idOfEmail, resetPassword } = await import("@/lib/auth/users");
    const { email, password } = await resetPassword(await idOfEmail(args.email));
    await cli("reset a password", email);
    process.stdout.write(`new password for ${email}: ${password}\n`);
    process.stderr.write("It is shown once; their sessions signed in before now have ended.\n");
    return 0;
  }
  const { idOfEmail, updateUser } = await import("@/lib/auth/users");
  const { changes } = await updateUser(await idOfEmail(args.email), { active: args.command === "activate" });
  // Logged only when it changed something: the account may have been so already.
  for (const action of changes) await cli(action, args.email);
  process.stdout.write(changes.length ? `${args.command}d ${args.email}\n` : `${args.email} was already ${args.command === "activate" ? "active" : "deactivated"}\n`);
  return 0;
});
