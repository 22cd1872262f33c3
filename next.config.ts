import type { NextConfig } from "next";
import { securityHeaders } from "./lib/security-headers";

const nextConfig: NextConfig = {
  // Standalone output feeds the container image (the Dockerfile sets NEXT_OUTPUT); `npm start`
  // serves the regular build with `next start`, which does not run standalone output.
  ...(process.env.NEXT_OUTPUT === "standalone" ? { output: "standalone" as const } : {}),
  poweredByHeader: false,
  reactStrictMode: true,
  // `npm test` type-checks the whole project (tsc) before anything else; the build need not repeat it.
  typescript: { ignoreBuildErrors: true },
  // Server-only packages that must not be bundled (native-ish or large, used only in route handlers).
  serverExternalPackages: ["@kubernetes/client-node", "pino"],
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders() }];
  },
};

export default nextConfig;
