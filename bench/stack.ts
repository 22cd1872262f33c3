import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");

export interface BenchStack {
  baseURL: string;
  dataDir: string;
  kubeconfig: string;
  stop(): Promise<void>;
}

/** Start `local/start.ts` (production build, fresh embedded cluster) for a benchmark and wait until it serves. */
export async function startStack(opts: { name: string; port: number; env?: Record<string, string> }): Promise<BenchStack> {
  const dataDir = path.join(root, `.data-bench-${opts.name}`);
  rmSync(dataDir, { recursive: true, force: true });
  const child: ChildProcess = spawn(path.join(root, "node_modules", ".bin", "tsx"), ["local/start.ts"], {
    cwd: root,
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(opts.port), KUBE_API_PORT: "0", LOG_LEVEL: "warn", ...opts.env },
    stdio: ["ignore", "inherit", "inherit"],
    detached: true,
  });
  const baseURL = `http://127.0.0.1:${opts.port}`;
  const deadline = Date.now() + 600_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`stack exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${baseURL}/api/healthz`)).ok) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) throw new Error("stack did not start in time");
    await new Promise((r) => setTimeout(r, 500));
  }
  return {
    baseURL,
    dataDir,
    kubeconfig: path.join(dataDir, "kubeconfig"),
    async stop() {
      if (child.exitCode !== null) return;
      process.kill(-(child.pid as number), "SIGINT");
      await new Promise((r) => child.once("exit", r));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

/** Print a benchmark's figures and keep them in bench/results/<name>.json. */
export function writeResult(name: string, result: unknown): void {
  const text = `${JSON.stringify(result, null, 2)}\n`;
  console.log(text);
  mkdirSync(path.join(import.meta.dirname, "results"), { recursive: true });
  writeFileSync(path.join(import.meta.dirname, "results", `${name}.json`), text);
}
