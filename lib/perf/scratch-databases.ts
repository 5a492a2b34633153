import pg from "pg";
import { pgConfigFromUrl, withDatabase } from "@/lib/db-url";

/**
 * The benchmarks' databases on one server: each created fresh (from `template` when given) and
 * all of them dropped by `dropAll`, so a benchmark run against a DATABASE_URL server leaves
 * nothing behind.
 */
export class ScratchDatabases {
  private readonly created = new Set<string>();

  constructor(private readonly serverUrl: string) {}

  /** Creates `name` afresh (dropping one left by an interrupted run) and returns its URL. */
  async create(name: string, template?: string): Promise<string> {
    await this.admin(async (admin) => {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.query(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ""}`);
    });
    this.created.add(name);
    return withDatabase(this.serverUrl, name);
  }

  /** Drops every database created here; the first failure is thrown after trying them all. */
  async dropAll(): Promise<void> {
    let failure: unknown;
    await this.admin(async (admin) => {
      for (const name of [...this.created].reverse()) {
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).then(
          () => this.created.delete(name),
          (err: unknown) => (failure ??= err),
        );
      }
    });
    if (failure) throw failure;
  }

  private async admin(work: (admin: pg.Client) => Promise<void>): Promise<void> {
    const admin = new pg.Client(pgConfigFromUrl(withDatabase(this.serverUrl, "postgres")));
    await admin.connect();
    try {
      await work(admin);
    } finally {
      await admin.end();
    }
  }
}
