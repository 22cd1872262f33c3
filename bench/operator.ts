// npm run bench:operator — N batch sessions (default 500) created at once against the embedded API
// server; the local operator (its own process, real offline runner, one file:// repo per session)
// must bring every one to Completed. Reports time to all launched, time to converge, the
// operator's CPU and RSS (runners counted apart), write counts; writes bench/results/operator.json.
//   BENCH_OPERATOR_SESSIONS=500  BENCH_OPERATOR_MAX_RUNNERS=32  BENCH_OPERATOR_MAX_STARTING=4
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { pathToFileURL } from "node:url";
import { CustomObjectsApi, KubeConfig } from "@kubernetes/client-node";
import pino from "pino";
import { startApiServer } from "../local/apiserver/index";
import { seedBareRepo } from "../local/seed";
import { SESSION_API_VERSION, SESSION_GROUP, SESSION_PLURAL, SESSION_VERSION, type AgenticSessionList } from "../types/agentic-session";

const N = Number(process.env.BENCH_OPERATOR_SESSIONS ?? 500);
const MAX_RUNNERS = Number(process.env.BENCH_OPERATOR_MAX_RUNNERS ?? 32);
const MAX_STARTING = Number(process.env.BENCH_OPERATOR_MAX_STARTING ?? 4);
const TIMEOUT_MS = Number(process.env.BENCH_OPERATOR_TIMEOUT_S ?? 1800) * 1000;
const NS = "demo";
const ROOT = path.resolve(import.meta.dirname, "..");
const TICKS = 100; // USER_HZ on Linux

function procStat(pid: number): { cpu: number; childCpu: number; rssMb: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // Fields after the name: state is f[0]; utime f[11], stime f[12], cutime f[13], cstime f[14].
    const cpu = (Number(f[11]) + Number(f[12])) / TICKS;
    const childCpu = (Number(f[13]) + Number(f[14])) / TICKS;
    const rssKb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
    return { cpu, childCpu, rssMb: Math.round(rssKb / 1024) };
  } catch {
    return undefined;
  }
}

async function main() {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "bench-operator-"));
  const server = await startApiServer({ dataDir, port: 0, logger: pino({ level: "silent" }) });
  const kc = new KubeConfig();
  kc.loadFromFile(server.kubeconfigPath);
  const custom = kc.makeApiClient(CustomObjectsApi);
  const base = { group: SESSION_GROUP, version: SESSION_VERSION, plural: SESSION_PLURAL };
  const repo = path.join(dataDir, "git", "bench.git");
  seedBareRepo(repo, { "README.md": "# bench\n", "src/index.ts": "export const x = 1;\n" }, "bench");
  const repoUrl = pathToFileURL(repo).href;

  const op = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "local/operator/testing/operator-main.ts"), server.kubeconfigPath, dataDir, String(MAX_RUNNERS), String(MAX_STARTING)], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "inherit"],
  });
  await new Promise<void>((resolve, reject) => {
    createInterface({ input: op.stdout! }).once("line", () => resolve());
    op.once("exit", (c) => reject(new Error(`operator exited with ${c}`)));
  });
  const pid = op.pid!;
  const idle = procStat(pid)!;
  console.log(`operator up (pid ${pid}, RSS ${idle.rssMb} MB); creating ${N} sessions…`);

  let peakRss = idle.rssMb;
  const samples: Array<{ t: number; rssMb: number; cpu: number }> = [];
  const benchCpu0 = process.cpuUsage();
  const t0 = Date.now();
  const sampler = setInterval(() => {
    const s = procStat(pid);
    if (!s) return;
    peakRss = Math.max(peakRss, s.rssMb);
    samples.push({ t: (Date.now() - t0) / 1000, rssMb: s.rssMb, cpu: s.cpu - idle.cpu });
  }, 500);

  // "At once": all create requests in flight together (bounded only by the HTTP agent).
  await Promise.all(
    Array.from({ length: N }, (_, i) =>
      custom.createNamespacedCustomObject({
        ...base,
        namespace: NS,
        body: {
          apiVersion: SESSION_API_VERSION,
          kind: "AgenticSession",
          metadata: { name: `bench-${String(i).padStart(4, "0")}` },
          spec: { initialPrompt: `bench task ${i}`, interactive: false, repos: [{ url: repoUrl }], timeout: 3600 },
        },
      }),
    ),
  );
  const createdS = (Date.now() - t0) / 1000;
  console.log(`created in ${createdS.toFixed(1)} s`);

  let allLaunchedS: number | undefined;
  let convergedS: number | undefined;
  let counts: Record<string, number> = {};
  while (Date.now() - t0 < TIMEOUT_MS) {
    const list = (await custom.listNamespacedCustomObject({ ...base, namespace: NS })) as AgenticSessionList;
    counts = {};
    for (const s of list.items) counts[s.status?.phase ?? "none"] = (counts[s.status?.phase ?? "none"] ?? 0) + 1;
    const notLaunched = (counts.none ?? 0) + (counts.Pending ?? 0);
    if (allLaunchedS === undefined && notLaunched === 0) allLaunchedS = (Date.now() - t0) / 1000;
    const ended = (counts.Completed ?? 0) + (counts.Failed ?? 0);
    process.stdout.write(`\r${((Date.now() - t0) / 1000).toFixed(0)} s ${JSON.stringify(counts)}      `);
    if (ended === N) {
      convergedS = (Date.now() - t0) / 1000;
      break;
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  console.log();
  clearInterval(sampler);
  const end = procStat(pid)!;
  op.kill("SIGTERM");
  await new Promise((r) => op.once("exit", r));
  await server.close();

  const cpuSeconds = end.cpu - idle.cpu;
  const wall = convergedS ?? (Date.now() - t0) / 1000;
  const result = {
    benchmark: "operator",
    date: new Date().toISOString(),
    machine: { cores: os.cpus().length, node: process.version, note: "cores shared with other work while measured" },
    sessions: N,
    maxRunners: MAX_RUNNERS,
    maxStarting: MAX_STARTING,
    runner: "real runner, offline mode (no model credentials), one file:// repo cloned per session",
    createAllSeconds: round(createdS),
    allLaunchedSeconds: allLaunchedS !== undefined ? round(allLaunchedS) : null,
    convergedSeconds: convergedS !== undefined ? round(convergedS) : null,
    converged: convergedS !== undefined,
    finalPhases: counts,
    sessionsPerSecond: convergedS ? round(N / convergedS) : null,
    operator: {
      cpuSeconds: round(cpuSeconds),
      avgCpuPercentOfOneCore: round((cpuSeconds / wall) * 100),
      rssIdleMb: idle.rssMb,
      rssPeakMb: peakRss,
      rssEndMb: end.rssMb,
    },
    runnersCpuSeconds: round(end.childCpu - idle.childCpu),
    // The API server runs in this process; its CPU includes this script's 1 s list polling.
    apiServerProcessCpuSeconds: round((process.cpuUsage(benchCpu0).user + process.cpuUsage(benchCpu0).system) / 1e6),
    samples: samples.filter((_, i) => i % 4 === 0),
  };
  mkdirSync(path.join(ROOT, "bench/results"), { recursive: true });
  writeFileSync(path.join(ROOT, "bench/results/operator.json"), JSON.stringify(result, null, 2) + "\n");
  const { samples: _s, ...summary } = result;
  console.log(JSON.stringify(summary, null, 2));
  rmSync(dataDir, { recursive: true, force: true });
  if (!result.converged) process.exitCode = 1;
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

await main();
