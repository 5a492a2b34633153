/**
 * Splits a SQL script into statements at top-level semicolons, leaving semicolons
 * inside quoted strings, quoted identifiers, comments and dollar-quoted bodies
 * (functions, DO blocks) alone. The pg driver adapter that runs migrations splits
 * on every ";", which would cut a PL/pgSQL function into pieces.
 */
export function splitSqlStatements(script: string): string[] {
  const statements: string[] = [];
  let start = 0;
  let i = 0;
  const n = script.length;
  const push = (end: number) => {
    const statement = script.slice(start, end).trim();
    if (statement && !isOnlyComments(statement)) statements.push(statement);
  };
  while (i < n) {
    const ch = script[i]!;
    const next = script[i + 1];
    if (ch === "-" && next === "-") {
      const end = script.indexOf("\n", i);
      i = end === -1 ? n : end + 1;
    } else if (ch === "/" && next === "*") {
      let depth = 1;
      i += 2;
      while (i < n && depth > 0) {
        if (script[i] === "/" && script[i + 1] === "*") (depth++, (i += 2));
        else if (script[i] === "*" && script[i + 1] === "/") (depth--, (i += 2));
        else i++;
      }
    } else if (ch === "'" || ch === '"') {
      // E'…' strings take backslash escapes; doubled quotes escape everywhere.
      const backslashes = ch === "'" && /[eE]/.test(script[i - 1] ?? "") && !/\w/.test(script[i - 2] ?? "");
      i++;
      while (i < n) {
        if (backslashes && script[i] === "\\") i += 2;
        else if (script[i] === ch && script[i + 1] === ch) i += 2;
        else if (script[i] === ch) break;
        else i++;
      }
      i++;
    } else if (ch === "$" && !/\w/.test(script[i - 1] ?? "")) {
      const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(script.slice(i, i + 64));
      if (tag) {
        const end = script.indexOf(tag[0], i + tag[0].length);
        i = end === -1 ? n : end + tag[0].length;
      } else i++;
    } else if (ch === ";") {
      push(i);
      start = ++i;
    } else i++;
  }
  push(n);
  return statements;
}

function isOnlyComments(statement: string): boolean {
  return statement.replace(/--[^\n]*/g, "").replace(/\/\*[\s\S]*?\*\//g, "").trim() === "";
}
