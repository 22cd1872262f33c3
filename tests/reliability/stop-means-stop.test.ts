// Stop means stop (and so does delete): with the real runner kept busy by follow-ups, the runner's
// processes are gone within 5 s of Stopped (or of the object being gone), and the transcript gains
// no line after it.
import path from "node:path";
import { pathToFileURL } from "node:url";
import { NextRequest } from "next/server";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startOperator, type RunningOperator } from "@/local/operator/index";
import { pointRoutesAt, startTestCluster, type TestCluster } from "@/lib/testing/embedded";
import { ROOT } from "./lib/route-fuzz";
import { budgetMs, reportFigures, SCALE } from "./lib/scale";
import { GONE_WITHIN_MS, stopRound, type StopRound } from "./lib/stop";

type Handler = (req: NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
let cluster: TestCluster;
let operator: RunningOperator;

const handler = async (rel: string, method: string) =>
  ((await import(pathToFileURL(path.join(ROOT, "app/api/projects/[project]/sessions/[name]", rel, "route.ts")).href)) as Record<string, Handler>)[method];

async function call(rel: string, method: string, name: string, body?: unknown): Promise<number> {
  const h = await handler(rel, method);
  const headers = new Headers({ "x-forwarded-access-token": cluster.server.adminToken });
  if (body !== undefined) headers.set("content-type", "application/json");
  const url = new URL(`http://localhost:3000/api/projects/demo/sessions/${name}/${rel}`);
  const res = await h(new NextRequest(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) }), { params: Promise.resolve({ project: "demo", name }) });
  await res.body?.cancel().catch(() => undefined);
  return res.status;
}

beforeAll(async () => {
  cluster = await startTestCluster();
  pointRoutesAt(cluster.server.kubeconfigPath);
  const env = { ...process.env };
  delete env.ANTHROPIC_API_KEY; // the offline runner: real process, content server and transcript, no network
  operator = await startOperator({ kubeConfig: cluster.admin, dataDir: cluster.dataDir, logger: pino({ level: "silent" }), runnerEnv: env });
}, 60_000);

afterAll(async () => {
  vi.unstubAllEnvs();
  await operator?.stop();
  await cluster?.close();
});

describe("stop means stop", () => {
  it(
    "after stop or delete, the runner's processes are gone within 5 s and the transcript gains no line",
    async () => {
      const rounds: StopRound[] = [];
      for (let i = 0; i < SCALE.stopRounds; i++) {
        for (const how of ["stop", "delete"] as const) {
          const name = `sms-${how}-${i}`;
          rounds.push(
            await stopRound({
              kc: cluster.admin,
              dataDir: cluster.dataDir,
              namespace: "demo",
              name,
              how,
              request: (h) => (h === "stop" ? call("stop", "POST", name) : call("", "DELETE", name)),
              message: (text) => call("messages", "POST", name, { text }),
            }),
          );
        }
      }
      const worst = Math.max(...rounds.map((r) => (r.processesGoneAfterMs < 0 ? Infinity : r.processesGoneAfterMs)));
      reportFigures("stop-means-stop", {
        rounds: rounds.length,
        worstProcessesGoneAfterMs: worst,
        stillAlive: rounds.filter((r) => r.processesGoneAfterMs < 0).length,
        transcriptLinesAfterEnd: rounds.reduce((n, r) => n + r.transcriptLinesAfterEnd, 0),
        detail: rounds,
      });
      for (const r of rounds) {
        expect(r.messagesSentWhileStopping, JSON.stringify(r)).toBeGreaterThan(0);
        expect(r.processesGoneAfterMs, JSON.stringify(r)).toBeGreaterThanOrEqual(0);
        expect(r.processesGoneAfterMs, JSON.stringify(r)).toBeLessThanOrEqual(GONE_WITHIN_MS);
        expect(r.transcriptLinesAfterEnd, JSON.stringify(r)).toBe(0);
      }
    },
    budgetMs(180_000, 900_000),
  );
});
