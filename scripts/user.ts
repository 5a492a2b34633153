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

const createSchema = z.object({ email: z.string().email(), role: roleSchema, password: z.string().optional() });
const tokenSchema = z.object({ email: z.string().email() });

/** Changes made here are in the activity log too, by "the command line". */
async function cli(action: string, subject: string, detail?: Record<string, unknown>): Promise<void> {
  await (await import("@/lib/activity")).recordCliActivity(action, subject, detail);
}

void runCli(async () => {
  const { flags, positionals } = parseArgs(process.argv.slice(2), [], ["email", "role", "password", "id"]);
  const command = positionals[0];
  if (command === "create") {
    const args = createSchema.parse(flags);
    const { createUser } = await import("@/lib/auth/users");
    const { user, password } = await createUser(args);
    await cli("created a user", user.email, { role: user.role });
    process.stdout.write(`created ${user.email} (${user.role})\n`);
    if (!args.password) process.stdout.write(`password: ${password}\n`);
    return 0;
  }
  if (command === "token") {
    const args = tokenSchema.parse(flags);
    const { issueToken } = await import("@/lib/auth/tokens");
    const token = await issueToken(args.email);
    await cli("issued an API token", args.email);
    process.stdout.write(`${token}\n`);
    process.stderr.write("Use it as `Authorization: Bearer <token>`. It is shown once; only its hash is stored.\n");
    return 0;
  }
  if (command === "revoke") {
    const { id } = z.object({ id: z.coerce.number().int().positive() }).parse(flags);
    const { revokeToken } = await import("@/lib/auth/tokens");
    await revokeToken(id);
    await cli("revoked an API token", `token ${id}`);
    process.stdout.write(`revoked token ${id}\n`);
    return 0;
  }
  if (command === "reset-password") {
    const args = tokenSchema.parse(flags);
    const { idOfEmail, resetPassword } = await import("@/lib/auth/users");
    const { email, password } = await resetPassword(await idOfEmail(args.email));
    await cli("reset a password", email);
    process.stdout.write(`new password for ${email}: ${password}\n`);
    process.stderr.write("It is shown once; their sessions signed in before now have ended.\n");
    return 0;
  }
  if (command === "deactivate" || command === "activate") {
    const args = tokenSchema.parse(flags);
    const { idOfEmail, updateUser } = await import("@/lib/auth/users");
    await updateUser(await idOfEmail(args.email), { active: command === "activate" });
    await cli(command === "activate" ? "reactivated a user" : "deactivated a user", args.email);
    process.stdout.write(`${command}d ${args.email}\n`);
    return 0;
  }
  process.stderr.write("usage: npm run user -- create --email E --role admin|moderator|editor|staff [--password P]\n");
  process.stderr.write("       npm run user -- token --email E\n");
  process.stderr.write("       npm run user -- revoke --id TOKEN_ID\n");
  process.stderr.write("       npm run user -- deactivate|activate --email E\n");
  process.stderr.write("       npm run user -- reset-password --email E\n");
  return 1;
});
