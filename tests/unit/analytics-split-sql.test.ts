import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { splitSqlStatements } from "@/lib/runtime/split-sql";

describe("splitSqlStatements (migration scripts)", () => {
  it("splits at top-level semicolons only", () => {
    const script = `-- a comment; with a semicolon
CREATE TABLE "a;b" (x text DEFAULT 'x;y''z;');
/* block; /* nested; */ still; */ SELECT E'it\\'s;', 1;
CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1; EXECUTE $sql$SELECT 2; SELECT 3$sql$;
END $$;
SELECT $1::int, price$ FROM t;
`;
    expect(splitSqlStatements(script)).toEqual([
      `-- a comment; with a semicolon\nCREATE TABLE "a;b" (x text DEFAULT 'x;y''z;')`,
      `/* block; /* nested; */ still; */ SELECT E'it\\'s;', 1`,
      `CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $$\nBEGIN\n  PERFORM 1; EXECUTE $sql$SELECT 2; SELECT 3$sql$;\nEND $$`,
      "SELECT $1::int, price$ FROM t",
    ]);
  });

  it("drops empty and comment-only pieces", () => {
    expect(splitSqlStatements(";;\n-- only a comment\n")).toEqual([]);
  });

  it("keeps every committed migration's function bodies whole", () => {
    const dir = path.join(import.meta.dirname, "..", "..", "prisma", "migrations");
    for (const name of fs.readdirSync(dir).filter((d) => fs.existsSync(path.join(dir, d, "migration.sql")))) {
      for (const statement of splitSqlStatements(fs.readFileSync(path.join(dir, name, "migration.sql"), "utf8"))) {
        // A cut body would leave an unterminated dollar quote behind.
        expect((statement.match(/\$\$/g) ?? []).length % 2, `${name}: ${statement.slice(0, 80)}`).toBe(0);
      }
    }
  });
});
