// The first-start seed: real bare repos (code + workflow catalog) and demo sessions, idempotent.
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestCluster, type TestCluster } from "../../lib/testing/embedded";
import { sampleRepoPaths, seedDemo } from "../seed";
import { startOperator } from "./index";
import { sessions, waitFor } from "./testing/helpers";

let cluster: TestCluster;
beforeAll(async () => {
  cluster = await startTestCluster();
});
afterAll(async () => {
  await cluster?.close();
});

const git = (dir: string, ...args: string[]) => execFileSync("git", ["--git-dir", dir, ...args]).toString();

describe("seedDemo", () => {
  it("creates a sample repo, a workflow catalog (§7) and demo sessions, once", async () => {
    await seedDemo({ kubeConfig: cluster.admin, dataDir: cluster.dataDir });
    const { sampleApp, catalog } = sampleRepoPaths(cluster.dataDir);
    expect(git(sampleApp, "ls-tree", "-r", "--name-only", "main")).toContain("src/sum.ts");
    const files = git(catalog, "ls-tree", "-r", "--name-only", "main").trim().split("\n");
    const workflows = files.filter((f) => /^workflows\/[^/]+\/\.ambient\/ambient\.json$/.test(f));
    expect(workflows.length).toBeGreaterThanOrEqual(2);
    for (const f of workflows) {
      const def = JSON.parse(git(catalog, "show", `main:${f}`));
      expect(def).toEqual(expect.objectContaining({ name: expect.any(String), description: expect.any(String), systemPrompt: expect.any(String), startupPrompt: expect.any(String) }));
    }
    const api = sessions(cluster.admin, "demo");
    const batch = await api.get("fix-negative-sum");
    expect(batch.spec.interactive).toBe(false);
    expect((batch.spec.repos?.[0] as { url: string }).url).toBe(`file://${sampleApp}`);

    // Idempotent: a second run changes nothing, and a deleted demo session is not brought back.
    const rv = batch.metadata.resourceVersion;
    await api.remove("review-sample-app");
    writeFileSync(path.join(sampleApp, "description"), "touched\n");
    await seedDemo({ kubeConfig: cluster.admin, dataDir: cluster.dataDir });
    expect((await api.get("fix-negative-sum")).metadata.resourceVersion).toBe(rv);
    await expect(api.get("review-sample-app")).rejects.toMatchObject({ code: 404 });
  });

  it("the seeded batch session completes under the operator", async () => {
    const env = { ...process.env };
    delete env.ANTHROPIC_API_KEY;
    const op = await startOperator({ kubeConfig: cluster.admin, dataDir: cluster.dataDir, logger: pino({ level: "silent" }), runnerEnv: env });
    try {
      const api = sessions(cluster.admin, "demo");
      const s = await waitFor("Completed", async () => {
        const cur = await api.get("fix-negative-sum");
        return cur.status?.phase === "Completed" && cur;
      });
      expect(s.status?.reconciledRepos?.[0]).toMatchObject({ name: "sample-app", status: "Ready" });
      expect(s.status?.reconciledWorkflow).toMatchObject({ path: "workflows/bugfix", status: "Active" });
    } finally {
      await op.stop();
    }
  });
});
