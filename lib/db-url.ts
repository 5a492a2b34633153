import { readFileSync } from "node:fs";
import type { ConnectionOptions } from "node:tls";
import type { PoolConfig } from "pg";

/**
 * TLS for libpq's `sslmode` (`sslrootcert` names the CA file to trust): `require` encrypts without
 * checking the certificate, `verify-ca` checks it was signed by a trusted CA, `verify-full` checks
 * the host name as well. `verify-ca` used to check nothing. `allow` and `prefer`, which libpq falls
 * back from, encrypt (the driver cannot fall back).
 */
function tlsFor(sslmode: string | null, rootCert: string | null): ConnectionOptions | undefined {
  if (!sslmode || sslmode === "disable") return undefined;
  const ca = rootCert ? { ca: readCa(rootCert) } : {};
  if (sslmode === "verify-full") return { rejectUnauthorized: true, ...ca };
  if (sslmode === "verify-ca") return { rejectUnauthorized: true, checkServerIdentity: () => undefined, ...ca };
  return { rejectUnauthorized: false };
}

function readCa(file: string): string {
  // Read when the URL is: a missing file is named at once, not at the first connection.
  try {
    return readFileSync(file, "utf8");
  } catch (err) {
    throw new Error(`DATABASE_URL's sslrootcert ${file} cannot be read: ${(err as Error).message}`);
  }
}

/** Splits a postgres:// URL into the discrete fields pg and the Prisma adapter expect. */
export function pgConfigFromUrl(url: string): PoolConfig {
  const parsed = new URL(url);
  if (!/^postgres(ql)?:$/.test(parsed.protocol)) {
    throw new Error(`DATABASE_URL must be a postgres:// URL, got ${parsed.protocol}`);
  }
  // The tables live in the database's public schema; a schema asked for would be silently ignored.
  const schema = parsed.searchParams.get("schema");
  if (schema !== null && schema !== "public") {
    throw new Error(`DATABASE_URL asks for the schema ${schema}: the tables live in the public schema, so give the desk a database of its own`);
  }
  return {
    host: decodeURIComponent(parsed.hostname) || "localhost",
    port: parsed.port ? Number(parsed.port) : 5432,
    user: decodeURIComponent(parsed.username),
    password: decodeURIComponent(parsed.password),
    database: decodeURIComponent(parsed.pathname.replace(/^\//, "")) || "postgres",
    ssl: tlsFor(parsed.searchParams.get("sslmode"), parsed.searchParams.get("sslrootcert")),
  };
}

/** Same URL with another database name (used for throwaway test databases). */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}
