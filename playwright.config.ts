import { defineConfig } from "@playwright/test";
import { E2E } from "./e2e/env";

// Debian's Chromium: Playwright's own browser download cannot reach its host here.
const chromiumArgs = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"];

export default defineConfig({
  testDir: "e2e",
  testMatch: "**/*.spec.ts",
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  forbidOnly: Boolean(process.env.CI),
  reporter: process.env.CI ? "list" : [["list"]],
  use: {
    baseURL: E2E.baseURL,
    browserName: "chromium",
    headless: true,
    launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: chromiumArgs },
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  webServer: [
    {
      // A production build against a fresh embedded cluster (same entry as `npm start`).
      command: `rm -rf ${E2E.dataDir} && exec node_modules/.bin/tsx local/start.ts`,
      url: `${E2E.baseURL}/api/healthz`,
      timeout: 420_000,
      reuseExistingServer: false,
      stdout: "pipe",
      stderr: "pipe",
      env: {
        DATA_DIR: E2E.dataDir,
        PORT: String(E2E.port),
        KUBE_API_PORT: "0",
        LOG_LEVEL: "warn",
        TEMP_CONTENT_IDLE_SECONDS: "20",
        LOG_FILE: `${E2E.dataDir}/console-local.log`,
      },
    },
    // The same cluster through consoles in the other auth modes (KUBECONFIG set: nothing local starts).
    ...(["token", "proxy"] as const).map((mode) => ({
      command: "exec node_modules/.bin/tsx local/start.ts",
      url: `${E2E.consoles[mode]}/api/healthz`,
      timeout: 120_000,
      reuseExistingServer: false,
      stdout: "pipe" as const,
      stderr: "pipe" as const,
      env: {
        KUBECONFIG: E2E.kubeconfig,
        AUTH_MODE: mode,
        PORT: String(new URL(E2E.consoles[mode]).port),
        LOG_LEVEL: "warn",
        LOG_FILE: `${E2E.dataDir}/console-${mode}.log`,
      },
    })),
  ],
});
