// 20 concurrent clients × mixed start/stop (console routes) and annotate/spec patches (API) while the
// operator reconciles: every acknowledged write is still there at the end, no session is left in a
// phase its last acknowledged start/stop did not ask for.
import path from "node:path";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startOperator, type RunningOperator } from "@/local/operator/index";
import { decideStop } from "@/lib/session/actions";
import { ANNOTATIONS, type AgenticSession } from "@/types/agentic-session";
import { pointRoutesAt, startTestCluster, type TestCluster } from "@/lib/testing/embedded";
import { inProcessActions } from "./lib/console-actions";
import { runLostUpdates } from "./lib/lost-updates";
import { ROOT } from "./lib/route-fuzz";
import { budgetMs, reportFigures, SCALE } from "./lib/scale";
import { seedProjects } from "./lib/seed";

let cluster: TestCluster;
let operator: RunningOperator;
const names = Array.from({ length: SCALE.sessions }, (_, i) => `lu-${i}`);

beforeAll(async () => {
  cluster = await startTestCluster();
  pointRoutesAt(cluster.server.kubeconfigPath);
  // The stand-in runner: same protocol, no work, so the test measures the control plane.
  operator = await startOperator({
    kubeConfig: cluster.admin,
    dataDir: cluster.dataDir,
    logger: pino({ level: "silent" }),
    runnerEntry: path.join(ROOT, "local/operator/testing/fake-runner.ts"),
    resyncMs: 5000,
  });
  await seedProjects(cluster, { demo: names }, { initialPrompt: "hang", interactive: true });
}, 60_000);

afterAll(async () => {
  vi.unstubAllEnvs();
  await operator?.stop();
  await cluster?.close();
});

describe("lost updates under concurrent writers and a reconciling operator", () => {
  it(
    "keeps every acknowledged write (last per key wins) and converges to the last acknowledged start/stop",
    async () => {
      const figures = await runLostUpdates({
        kc: cluster.admin,
        namespace: "demo",
        sessionNames: names,
        clients: SCALE.clients,
        writes: SCALE.writes,
        consoleActions: await inProcessActions(cluster.server.adminToken),
        convergeTimeoutMs: 30_000,
      });
      reportFigures("lost-updates", { ...figures });
      expect(figures.acknowledged).toBeGreaterThan(SCALE.writes / 2);
      expect(figures.lostExamples).toEqual([]);
      expect(figures.lost).toBe(0);
    },
    budgetMs(180_000, 900_000),
  );

  it("a stop acknowledged while a start is still pending cancels that start (found by this suite)", () => {
    // Stop answered "already Stopped" while desired-phase=Running waited for the operator: the session then ran.
    const s = { metadata: { name: "x", annotations: { [ANNOTATIONS.desiredPhase]: "Running" } }, spec: {}, status: { phase: "Stopped" } } as unknown as AgenticSession;
    expect(decideStop(s)).toEqual({ patch: { metadata: { annotations: { [ANNOTATIONS.desiredPhase]: null, [ANNOTATIONS.startRequestedAt]: null } } } });
  });
});
