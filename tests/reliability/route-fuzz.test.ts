// Bad input against every route handler (app/api/**/route.ts, found on disk): never a 5xx, errors as
// JSON naming the field at fault. Bounded here; `npm run bench:reliability` runs the full size.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { pointRoutesAt, startTestCluster, type TestCluster } from "@/lib/testing/embedded";
import { budgetMs, reportFigures, SCALE } from "./lib/scale";
import { fuzzRoutes } from "./lib/route-fuzz";
import { seedProjects } from "./lib/seed";

let cluster: TestCluster;

/** One line per route and field that missed, with a sample value: what to fix. */
function distinctMisses(misses: Array<{ route: string; field: string; value: string; status: number; got?: string }>): string[] {
  const seen = new Map<string, string>();
  for (const m of misses) seen.set(`${m.route} ${m.field}`, `${m.route} → ${m.field}: ${m.status}${m.got ? ` field=${m.got}` : " (no field)"} for ${m.value.slice(0, 40)}`);
  return [...seen.values()];
}

beforeAll(async () => {
  cluster = await startTestCluster();
  pointRoutesAt(cluster.server.kubeconfigPath);
  await seedProjects(cluster, { demo: ["s0", "s1", "s2"], other: ["secret-plan"] });
}, 60_000);

afterAll(async () => {
  vi.unstubAllEnvs();
  await cluster?.close();
});

describe("route handlers under bad input", () => {
  it(
    "answer every case below 500, with a JSON error body that names the field at fault",
    async () => {
      const figures = await fuzzRoutes({
        callers: { admin: cluster.server.adminToken, demo: cluster.server.demoToken },
        existing: { project: ["demo", "other", "missing-ns"], name: ["s0", "s1", "s2", "secret-plan", "missing"] },
        validParams: { project: "demo", name: "s0" },
        runs: SCALE.routeFuzzRuns,
        targetedRuns: SCALE.targetedRuns,
      });
      reportFigures("route-fuzz", { seed: figures.seed, handlers: figures.handlers, cases: figures.cases, targetedCases: figures.targetedCases, fiveXX: figures.fiveXX, byStatus: figures.byStatus, problems: figures.problems.length, targetedMisses: figures.targetedMisses.length, examples: figures.problems.slice(0, 10), misses: distinctMisses(figures.targetedMisses) });
      expect(figures.handlers).toBeGreaterThanOrEqual(20);
      expect(figures.fiveXX, JSON.stringify(figures.problems.slice(0, 10), null, 1)).toBe(0);
      expect(figures.problems, JSON.stringify(figures.problems.slice(0, 10), null, 1)).toEqual([]);
      expect(figures.targetedMisses, JSON.stringify(figures.targetedMisses.slice(0, 20), null, 1)).toEqual([]);
    },
    budgetMs(240_000, 1_800_000),
  );
});
