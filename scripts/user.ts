/**
 * npm run user -- create --email E --role R [--password P]
 * npm run user -- token --email E
 */
import { z } from "zod";
import { parseArgs, runCli } from "@/lib/runtime/cli";
import { roleSchema } from "@/lib/auth/roles";

const createSchema = z.object({ email: z.string().email(), role: roleSchema, password: z.string().optional() });
const tokenSchema = z.object({ email: z.string().email() });

void runCli(async () => {
  const { flags, positionals } = parseArgs(process.argv.slice(2));
  const command = positionals[0];
  if (command === "create") {
    const args = createSchema.parse(flags);
    const { createUser } = await import("@/lib/auth/users");
    const { user, password } = await createUser(args);
    process.stdout.write(`created ${user.email} (${user.role})\n`);
    if (!args.password) process.stdout.write(`password: ${password}\n`);
    return 0;
  }
  if (command === "token") {
    const args = tokenSchema.parse(flags);
    const { issueToken } = await import("@/lib/auth/tokens");
    const token = await issueToken(args.email);
    process.stdout.write(`${token}\n`);
    process.stderr.write("Use it as `Authorization: Bearer <token>`. It is shown once; only its hash is stored.\n");
    return 0;
  }
  process.stderr.write("usage: npm run user -- create --email E --role admin|moderator|editor|staff [--password P]\n");
  process.stderr.write("       npm run user -- token --email E\n");
  return 1;
});
