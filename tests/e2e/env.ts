/** Fixed ports and paths for the end-to-end run (own ports, throwaway database). */
const port = Number(process.env.E2E_PORT ?? 3107);
const pgPort = Number(process.env.E2E_PGPORT ?? 5497);

export const E2E = {
  port,
  pgPort,
  // Per port, so runs on different ports don't share (and wipe) one data folder.
  pgData: `.data/e2e-postgres-${pgPort}`,
  // Shared by the web server and the workers a spec starts, as in production.
  exportDir: `.data/e2e-exports-${pgPort}`,
  baseURL: `http://localhost:${port}`,
  databaseUrl: `postgresql://postgres:postgres@127.0.0.1:${pgPort}/app`,
};
