import { CoreV1Api, CustomObjectsApi } from "@kubernetes/client-node";
import { expect, test } from "@playwright/test";
import { SESSION_GROUP, SESSION_PHASES, SESSION_PLURAL, SESSION_VERSION, type AgenticSession } from "../types/agentic-session";
import { clusterClient, uniqueName } from "./cluster";

const base = { group: SESSION_GROUP, version: SESSION_VERSION, plural: SESSION_PLURAL };

async function ensureProject(name: string) {
  const core = clusterClient().kc.makeApiClient(CoreV1Api);
  await core.createNamespace({ body: { metadata: { name, labels: { "ambient-code.io/managed": "true" } } } }).catch((e: { code?: number }) => {
    if (e.code !== 409) throw e;
  });
}

/** What the cluster says, counted the way the overview should count it. */
async function phaseCounts(): Promise<Record<string, number>> {
  const custom = clusterClient().kc.makeApiClient(CustomObjectsApi);
  const list = (await custom.listClusterCustomObject(base)) as { items: AgenticSession[] };
  const counts: Record<string, number> = Object.fromEntries([...SESSION_PHASES, "Unknown"].map((p) => [p, 0]));
  for (const s of list.items) counts[s.status?.phase ?? "Unknown"]++;
  return counts;
}

test("the overview counts every project's sessions as the cluster does, and a failure appears live", async ({ page }) => {
  const cluster = clusterClient();
  await ensureProject("e2e-team-a");
  await ensureProject("e2e-team-b");
  for (const [ns, n] of [["e2e-team-a", 3], ["e2e-team-b", 2]] as const) {
    for (let i = 0; i < n; i++) {
      await cluster.createSession(ns, { metadata: { name: uniqueName("ov") }, spec: { initialPrompt: "count me", interactive: false } });
    }
  }

  await page.goto("/overview");
  await expect(page.getByTestId("live-indicator")).toHaveAttribute("data-state", "live");
  await expect(page.locator('[data-testid="overview-project"][data-project="e2e-team-a"]')).toBeVisible();

  // Counts converge on what the cluster says (the operator keeps moving sessions along meanwhile).
  await expect
    .poll(
      async () => {
        const truth = await phaseCounts();
        const shown: Record<string, number> = {};
        for (const phase of Object.keys(truth)) shown[phase] = Number(await page.getByTestId(`phase-count-${phase}`).getAttribute("data-count"));
        return JSON.stringify(shown) === JSON.stringify(truth);
      },
      { timeout: 30_000 },
    )
    .toBe(true);

  // A failure written through the API (as a real operator would) shows up as needing attention, live.
  const failing = uniqueName("ov-fail");
  await cluster.createSession("e2e-team-b", { metadata: { name: failing }, spec: { initialPrompt: "finish quickly", interactive: false } });
  await expect.poll(async () => (await cluster.getSession("e2e-team-b", failing)).status?.phase, { timeout: 30_000 }).toBe("Completed");
  const now = new Date().toISOString();
  await cluster.patchStatus("e2e-team-b", failing, {
    phase: "Failed",
    completionTime: now,
    conditions: [{ type: "Ready", status: "False", reason: "RunnerExit", message: "runner exited with code 3", lastTransitionTime: now }],
  });
  const item = page.locator(`[data-testid="attention-item"][data-kind="failed"][data-name="${failing}"]`);
  await expect(item).toBeVisible({ timeout: 5_000 });
  await expect(item).toContainText("RunnerExit: runner exited with code 3");
});

test("a lead deletes failed sessions of two projects at once from the attention list", async ({ page }) => {
  test.setTimeout(120_000);
  const cluster = clusterClient();
  await ensureProject("e2e-team-a");
  await ensureProject("e2e-team-b");
  const failed = [
    ["e2e-team-a", uniqueName("ov-bulk")],
    ["e2e-team-b", uniqueName("ov-bulk")],
  ] as const;
  for (const [ns, name] of failed) {
    await cluster.createSession(ns, { metadata: { name }, spec: { initialPrompt: "finish quickly", interactive: false } });
  }
  for (const [ns, name] of failed) {
    await expect.poll(async () => (await cluster.getSession(ns, name)).status?.phase, { timeout: 30_000 }).toBe("Completed");
    const now = new Date().toISOString();
    await cluster.patchStatus(ns, name, {
      phase: "Failed",
      completionTime: now,
      conditions: [{ type: "Ready", status: "False", reason: "RunnerExit", message: "runner exited with code 1", lastTransitionTime: now }],
    });
  }

  await page.goto("/overview");
  await expect(page.getByTestId("live-indicator")).toHaveAttribute("data-state", "live");
  for (const [ns, name] of failed) await page.getByLabel(`Select ${ns}/${name}`).check();
  await expect(page.getByTestId("attention-selected-count")).toHaveAttribute("data-count", "2");
  await page.getByTestId("attention-bulk-delete").click();
  await expect(page.getByRole("alertdialog")).toContainText("Delete 2 sessions?");
  await page.getByRole("alertdialog").getByRole("button", { name: "Delete 2" }).click();
  await expect(page.getByText("Deleted 2 sessions")).toBeVisible();
  for (const [ns, name] of failed) {
    await expect(page.locator(`[data-testid="attention-item"][data-name="${name}"]`)).toHaveCount(0);
    // The operator's finalizer may hold the object a moment while it cleans the workspace.
    await expect.poll(() => cluster.getSession(ns, name).then(() => 200, (e: { code?: number }) => e.code), { timeout: 20_000 }).toBe(404);
  }
});
