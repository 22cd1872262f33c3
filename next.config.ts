import type { NextConfig } from "next";
import { securityHeaders } from "./lib/security-headers";

const nextConfig: NextConfig = {
  // Standalone output feeds the container image in deploy/ (see Dockerfile).
  output: "standalone",
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
