// `npm run bench:reliability`: the reliability suites of tests/reliability at full size (the same
// tests `npm test` runs bounded), one file at a time, then their figures in bench/results/reliability.json.
//   --bounded   run the bounded sizes instead (a quick check of this script)
//   <filter>    only the suites whose file name contains it (e.g. `crash`)
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const args = process.argv.slice(2);
const bounded = args.includes("--bounded");
const filter = args.find((a) => !a.startsWith("--"));
const out = mkdtempSync(path.join(os.tmpdir(), "reliability-figures-"));
const report = path.join(out, "vitest.json");

const started = Date.now();
const res = spawnSync(
  path.join(root, "node_modules", ".bin", "vitest"),
  ["run", filter ? `tests/reliability/${filter}` : "tests/reliability", "--no-file-parallelism", "--reporter=default", "--reporter=json", `--outputFile.json=${report}`],
  { cwd: root, stdio: "inherit", env: { ...process.env, RELIABILITY_FULL: bounded ? "0" : "1", RELIABILITY_OUT: out } },
);

interface VitestReport {
  numPassedTests?: number;
  numFailedTests?: number;
  testResults?: Array<{ name: string; status: string; assertionResults?: Array<{ title: string; status: string; duration?: number }> }>;
}
const vitest: VitestReport | undefined = existsSync(report) ? JSON.parse(readFileSync(report, "utf8")) : undefined;

const suites: Record<string, unknown> = {};
for (const f of readdirSync(out).filter((f) => f.endsWith(".json") && f !== "vitest.json").sort()) {
  suites[f.replace(/\.json$/, "")] = JSON.parse(readFileSync(path.join(out, f), "utf8"));
}
const target = path.join(root, "bench", "results", "reliability.json");
// A filtered run adds to the last picture instead of replacing it.
if (filter && existsSync(target)) {
  const previous = JSON.parse(readFileSync(target, "utf8")) as { suites?: Record<string, unknown> };
  for (const [k, v] of Object.entries(previous.suites ?? {})) if (!(k in suites)) suites[k] = v;
}
const get = (suite: string, key: string) => (suites[suite] as Record<string, unknown> | undefined)?.[key];

const result = {
  generatedAt: new Date().toISOString(),
  size: bounded ? "bounded" : "full",
  machine: { cpus: os.cpus().length, node: process.version, platform: `${process.platform}/${process.arch}` },
  seconds: Math.round((Date.now() - started) / 1000),
  passed: res.status === 0,
  tests: vitest
    ? { passed: vitest.numPassedTests ?? 0, failed: vitest.numFailedTests ?? 0, byFile: (vitest.testResults ?? []).map((t) => ({ file: path.relative(root, t.name), status: t.status })) }
    : undefined,
  // The headline figures, one line each (the suites below have the detail).
  summary: {
    "bad input: route handlers fuzzed": get("route-fuzz", "handlers"),
    "bad input: route cases tried": get("route-fuzz", "cases"),
    "bad input: route 5xx": get("route-fuzz", "fiveXX"),
    "bad input: 4xx not naming the field at fault": get("route-fuzz", "targetedMisses"),
    "bad input: API server cases tried": get("apiserver-fuzz", "cases"),
    "bad input: API server 5xx": get("apiserver-fuzz", "fiveXX"),
    "lost updates: clients": get("lost-updates", "clients"),
    "lost updates: writes attempted": get("lost-updates", "attempted"),
    "lost updates: ops/s": get("lost-updates", "opsPerSecond"),
    "lost updates: conflicts retried": get("lost-updates", "conflictsRetried"),
    "lost updates: lost": get("lost-updates", "lost"),
    "crash: SIGKILL rounds": get("crash", "rounds"),
    "crash: acknowledged writes": get("crash", "acknowledgedWrites"),
    "crash: acknowledged writes lost": typeof get("crash", "lostWrites") === "number" ? (get("crash", "lostWrites") as number) + (get("crash", "lostCreates") as number) : undefined,
    "crash: sessions not converged": (get("crash", "notConverged") as unknown[] | undefined)?.length,
    "crash: slowest convergence (s)": get("crash", "maxConvergeSeconds"),
    "stop means stop: rounds (stop + delete)": get("stop-means-stop", "rounds"),
    "stop means stop: slowest runner exit after Stopped (ms)": get("stop-means-stop", "worstProcessesGoneAfterMs"),
    "stop means stop: transcript lines after Stopped": get("stop-means-stop", "transcriptLinesAfterEnd"),
    "watch: live again after API server restart (ms)": get("watch-restart", "liveAfterRestartMs"),
    "watch: rows consistent after 410 (ms)": get("watch-expired", "consistentAfterMs"),
    "authorization: route probes": get("authorization-routes", "probes"),
    "authorization: problems": get("authorization-routes", "problems"),
  },
  suites,
};

mkdirSync(path.dirname(target), { recursive: true });
writeFileSync(target, JSON.stringify(result, null, 2) + "\n");
rmSync(out, { recursive: true, force: true });
console.log(`\nreliability figures → ${path.relative(root, target)}`);
console.table(result.summary);
process.exit(res.status ?? 1);
