#!/usr/bin/env node
// `npm test`: typecheck, lint, unit/integration (vitest), then Playwright e2e against a production
// build with a fresh embedded cluster. Ends with one "N passed, N failed" line over all of them.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
// Not under test-results/: Playwright empties that folder when it starts.
const reports = path.join(root, ".test-reports");
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });

const totals = { passed: 0, failed: 0, skipped: 0 };
const stages = [];

function run(name, cmd, args, env = {}) {
  console.log(`\n=== ${name}: ${cmd} ${args.join(" ")}`);
  const started = Date.now();
  const res = spawnSync(cmd, args, { cwd: root, stdio: "inherit", env: { ...process.env, ...env } });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const ok = res.status === 0;
  stages.push({ name, ok, seconds });
  return ok;
}

function check(name, cmd, args) {
  const ok = run(name, cmd, args);
  if (ok) totals.passed += 1;
  else totals.failed += 1;
  return ok;
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return undefined;
  }
}

const bin = (name) => path.join(root, "node_modules", ".bin", name);

check("typecheck", bin("tsc"), ["--noEmit", "-p", "tsconfig.json"]);
check("lint", bin("eslint"), ["--max-warnings=0", "."]);

const vitestJson = path.join(reports, "vitest.json");
const vitestOk = run("unit and integration", bin("vitest"), ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${vitestJson}`]);
const vitest = readJson(vitestJson);
if (vitest) {
  totals.passed += vitest.numPassedTests ?? 0;
  totals.failed += vitest.numFailedTests ?? 0;
  totals.skipped += (vitest.numPendingTests ?? 0) + (vitest.numTodoTests ?? 0);
  // A crashed suite (import error, unhandled error) has no failed test but must still fail the run.
  if (!vitestOk && !(vitest.numFailedTests > 0)) totals.failed += 1;
} else if (!vitestOk) totals.failed += 1;

const pwJson = path.join(reports, "playwright.json");
const pwOk = run("e2e (Playwright, Chromium)", bin("playwright"), ["test", "--reporter=list,json"], { PLAYWRIGHT_JSON_OUTPUT_NAME: pwJson });
const pw = readJson(pwJson);
if (pw?.stats) {
  totals.passed += (pw.stats.expected ?? 0) + (pw.stats.flaky ?? 0);
  totals.failed += pw.stats.unexpected ?? 0;
  totals.skipped += pw.stats.skipped ?? 0;
  if (!pwOk && !(pw.stats.unexpected > 0)) totals.failed += 1;
} else if (!pwOk) totals.failed += 1;

console.log("\n=== summary");
for (const s of stages) console.log(`${s.ok ? "ok  " : "FAIL"} ${s.name} (${s.seconds}s)`);
if (!existsSync(vitestJson)) console.log("(no vitest report was written)");
console.log(`${totals.skipped} skipped`);
console.log(`${totals.passed} passed, ${totals.failed} failed`);
process.exit(totals.failed === 0 && stages.every((s) => s.ok) ? 0 : 1);
