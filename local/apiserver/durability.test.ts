// Kill -9 during a write burst: every acknowledged write survives the restart and resourceVersions
// keep increasing.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, expect, it } from "vitest";
import type { RunningApiServer } from "./index";
import { rawClient } from "./testing";

const root = path.resolve(import.meta.dirname, "../..");
const dataDir = mkdtempSync(path.join(os.tmpdir(), "sc-durable-"));
let child: ChildProcess | undefined;

function start(): Promise<RunningApiServer> {
  child = spawn(process.execPath, ["--import", "tsx", path.join(root, "local/apiserver/main.ts"), dataDir, "0"], { cwd: root, stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    let out = "";
    child!.stdout!.on("data", (d) => {
      out += String(d);
      const line = out.split("\n")[0];
      if (!out.includes("\n")) return;
      const { url } = JSON.parse(line) as { url: string };
      const kc = readFileSync(path.join(dataDir, "kubeconfig"), "utf8");
      const token = /token: (\S+)/.exec(kc)![1];
      const caPem = Buffer.from(/certificate-authority-data: (\S+)/.exec(kc)![1], "base64").toString("utf8");
      resolve({ url, adminToken: token, caPem } as RunningApiServer);
    });
    child!.on("exit", (code) => reject(new Error(`api server exited early (${code})`)));
  });
}

afterAll(() => {
  child?.kill("SIGKILL");
  rmSync(dataDir, { recursive: true, force: true });
});

it("keeps every acknowledged write across SIGKILL", { timeout: 60_000 }, async () => {
  const first = await start();
  const raw = rawClient(first);
  const acked = new Map<string, number>();
  let maxRv = 0;
  let stopWriting = false;
  const writer = async (w: number) => {
    for (let i = 0; !stopWriting; i++) {
      const name = `w${w}-${i}`;
      try {
        const r = await raw("POST", "/api/v1/namespaces/demo/configmaps", { metadata: { name }, data: { i: String(i) } });
        if (r.status === 201) {
          const rv = Number(r.json.metadata.resourceVersion);
          acked.set(name, rv);
          maxRv = Math.max(maxRv, rv);
        }
      } catch {
        return; // the server died mid-request: that write was not acknowledged
      }
    }
  };
  const writers = Array.from({ length: 8 }, (_, w) => writer(w));
  await new Promise((r) => setTimeout(r, 1500));
  child!.kill("SIGKILL");
  stopWriting = true;
  await Promise.all(writers);
  expect(acked.size).toBeGreaterThan(50);

  const second = await start();
  const raw2 = rawClient(second);
  const list = await raw2("GET", "/api/v1/namespaces/demo/configmaps");
  const present = new Map<string, number>(list.json.items.map((i: { metadata: { name: string; resourceVersion: string } }) => [i.metadata.name, Number(i.metadata.resourceVersion)]));
  const lost = [...acked.keys()].filter((n) => present.get(n) !== acked.get(n));
  expect(lost).toEqual([]);
  const after = await raw2("POST", "/api/v1/namespaces/demo/configmaps", { metadata: { name: "after-restart" } });
  expect(Number(after.json.metadata.resourceVersion)).toBeGreaterThan(maxRv);
  console.log(`durability: ${acked.size} acknowledged writes before SIGKILL, lost 0`);
});
