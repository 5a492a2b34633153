// Runs one bulk decision on thousands of comments, so a
// parent process can kill it mid-statement. Not a test on its own: see faults.ts.
import { pool } from "@/lib/db";
import { decideComments } from "@/lib/moderation";

const action = process.argv[2] === "restore" ? "restore" : "approve";
// approve: every comment not yet approved; restore: every approved one.
const { rows } = await pool.query<{ id: number; mod_version: number }>(
  `SELECT id, mod_version FROM comment WHERE kind = 'comment' AND (mod_status = 'approved') = $1`,
  [action === "restore"],
);
const { rows: users } = await pool.query<{ id: number }>("SELECT id FROM app_user WHERE email = 'moderator@demo.local'");
process.stdout.write(`deciding ${rows.length}\n`);
await decideComments(rows.map((r) => ({ id: r.id, modVersion: r.mod_version })), { action, userId: users[0]!.id, via: "bulk" });
process.stdout.write("done\n");
process.exit(0);
