import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { ANNOTATIONS } from "../types/agentic-session";
import { clusterClient, uniqueName } from "./cluster";
import { makeBareRepo } from "./git-fixture";
import { sessionJanitor } from "./session-cleanup";

const janitor = sessionJanitor();
test.afterEach(() => janitor.cleanup());

const phaseOf = (page: Page) => page.getByTestId("session-detail").locator("header").first().getByTestId("phase-badge");
const action = (page: Page, name: string) => page.locator(`[data-action="${name}"]`);

async function createRunning(page: Page, repos: Array<{ url: string }>, over: { interactive?: boolean } = {}) {
  const name = janitor.track(uniqueName("e2e-life"));
  await clusterClient().createSession("demo", {
    metadata: { name },
    spec: { displayName: `Lifecycle ${name}`, initialPrompt: "Look around the repository.", interactive: over.interactive ?? true, repos },
  });
  await page.goto(`/projects/demo/sessions/${name}`);
  await expect(page.getByTestId("live-indicator")).toHaveAttribute("data-state", "live");
  await expect(phaseOf(page)).toHaveAttribute("data-phase", "Running", { timeout: 30_000 });
  return name;
}

test.describe.configure({ timeout: 120_000 });

test("stop, start, continue: the same session runs again with its workspace, all without reload", async ({ page }) => {
  const repo = makeBareRepo("e2e-life-repo");
  const name = await createRunning(page, [{ url: repo.url }]);
  const repoRow = page.locator(`[data-testid="repo-status-row"][data-name="${repo.name}"]`);
  await expect(repoRow).toHaveAttribute("data-status", "Ready", { timeout: 30_000 });
  // The first line of the transcript, as the runner wrote it in the workspace.
  const firstLine = async () => {
    const t = (await (await page.request.get(`/api/projects/demo/sessions/${name}/transcript`)).json()) as { state: string; entries: Array<{ ts?: string }> };
    return t.state === "live" || t.state === "archived" ? t.entries[0]?.ts : undefined;
  };
  await expect.poll(firstLine, { timeout: 20_000 }).toBeTruthy();
  const firstTs = await firstLine();

  await action(page, "stop").click();
  await expect(phaseOf(page)).toHaveAttribute("data-phase", "Stopped", { timeout: 30_000 });
  await expect(page.locator('[data-testid="condition-row"][data-type="Ready"]')).toHaveAttribute("data-reason", "UserStopped");
  // Start and continue are offered now; stop is not, with the reason.
  await expect(action(page, "stop")).toBeDisabled();
  await expect(action(page, "stop")).toHaveAttribute("data-reason", /Stopped/);

  await action(page, "start").click();
  await expect(phaseOf(page)).toHaveAttribute("data-phase", "Running", { timeout: 30_000 });

  await action(page, "stop").click();
  await expect(phaseOf(page)).toHaveAttribute("data-phase", "Stopped", { timeout: 30_000 });
  await action(page, "continue").click();
  await expect(phaseOf(page)).toHaveAttribute("data-phase", "Running", { timeout: 30_000 });
  await expect(page).toHaveURL(new RegExp(`/sessions/${name}$`));
  const s = await clusterClient().getSession("demo", name);
  expect(s.metadata.annotations?.[ANNOTATIONS.parentSessionId]).toBe(name);
  // The workspace was kept: the repo is still there, and the transcript still starts with the first run's line.
  await expect(repoRow).toHaveAttribute("data-status", "Ready", { timeout: 30_000 });
  await expect.poll(firstLine, { timeout: 20_000 }).toBe(firstTs);
});

test("continue as new: a child session linked both ways", async ({ page }) => {
  const name = await createRunning(page, []);
  await action(page, "stop").click();
  await expect(phaseOf(page)).toHaveAttribute("data-phase", "Stopped", { timeout: 30_000 });
  await action(page, "continue-as-new").click();

  await expect(page).not.toHaveURL(new RegExp(`/sessions/${name}$`), { timeout: 15_000 });
  await expect(page.getByTestId("parent-link")).toHaveText(name);
  const child = janitor.track((await page.getByTestId("session-name").textContent())!.trim());
  expect((await clusterClient().getSession("demo", child)).metadata.annotations?.[ANNOTATIONS.parentSessionId]).toBe(name);

  await page.getByTestId("parent-link").click();
  await expect(page).toHaveURL(new RegExp(`/sessions/${name}$`));
  await expect(page.locator(`[data-testid="lineage-child"][data-name="${child}"]`)).toBeVisible();
});

test("add a repo while Running: Cloning then Ready; while Stopped the control is disabled with the reason", async ({ page }) => {
  const name = await createRunning(page, []);
  const extra = makeBareRepo("e2e-added-repo");
  await page.getByLabel("Repository URL to add").fill(extra.url);
  await page.getByTestId("add-repo").click();
  const row = page.locator(`[data-testid="repo-status-row"][data-name="${extra.name}"]`);
  // First in spec only (or already cloning), then Ready.
  await expect(row).toHaveAttribute("data-status", /none|Cloning|Ready/, { timeout: 10_000 });
  await expect(row).toHaveAttribute("data-status", "Ready", { timeout: 30_000 });
  await expect(row).toHaveAttribute("data-drift", "in-sync");
  const spec = (await clusterClient().getSession("demo", name)).spec;
  expect(spec.repos).toEqual([{ url: extra.url, branch: "main" }]);

  await action(page, "stop").click();
  await expect(phaseOf(page)).toHaveAttribute("data-phase", "Stopped", { timeout: 30_000 });
  await expect(page.getByTestId("add-repo")).toBeDisabled();
  await expect(page.getByTestId("repos-disabled-reason")).toContainText("Stopped");
  await expect(page.getByTestId("apply-workflow")).toBeDisabled();

  // The route refuses too, with the phase.
  const res = await page.request.post(`/api/projects/demo/sessions/${name}/repos`, { data: { url: extra.url.replace("e2e-added-repo", "other") } });
  expect(res.status()).toBe(409);
  expect((await res.json()).error.message).toContain("Stopped");
});

test("a follow-up message reaches the running agent and shows in the transcript", async ({ page }) => {
  await createRunning(page, []);
  await page.getByRole("tab", { name: "Transcript" }).click();
  await expect(page.getByTestId("transcript")).toHaveAttribute("data-state", "live", { timeout: 15_000 });
  const text = `follow-up ${Date.now()}`;
  await page.getByLabel("Message to the agent").fill(text);
  await page.getByRole("button", { name: "Send" }).click();
  await expect(page.locator('[data-testid="transcript-entry"]', { hasText: text })).toBeVisible({ timeout: 20_000 });
  // After the end the transcript is still readable (temporary workspace access).
  await page.locator('[data-action="stop"]').click();
  await expect(phaseOf(page)).toHaveAttribute("data-phase", "Stopped", { timeout: 30_000 });
  await expect(page.getByTestId("transcript")).toHaveAttribute("data-state", "archived", { timeout: 30_000 });
  await expect(page.locator('[data-testid="transcript-entry"]', { hasText: text })).toBeVisible();
  await expect(page.getByLabel("Message to the agent")).toBeDisabled();
});

test("delete asks for confirmation, then the session is gone", async ({ page }) => {
  const name = await createRunning(page, []);
  await action(page, "delete").click();
  await expect(page.getByRole("alertdialog")).toContainText(`Delete session ${name}?`);
  await page.getByRole("alertdialog").getByRole("button", { name: "Delete" }).click();
  await expect(page).toHaveURL(/\/projects\/demo\/sessions$/, { timeout: 15_000 });
  await expect(page.locator(`[data-testid="session-row"][data-name="${name}"]`)).toHaveCount(0, { timeout: 15_000 });
});

test("two browsers stopping and starting the same session at once end consistent, with no 500", async ({ browser }) => {
  const a = await browser.newPage();
  const b = await browser.newPage();
  const name = await createRunning(a, []);
  await b.goto(`/projects/demo/sessions/${name}`);
  await expect(phaseOf(b)).toHaveAttribute("data-phase", "Running");

  const statuses: number[] = [];
  for (const p of [a, b]) p.on("response", (r) => r.url().includes(`/sessions/${name}/`) && r.request().method() !== "GET" && statuses.push(r.status()));
  // Both clicks in the same instant: with Playwright's click the first stop can finish (and disable
  // the other page's button) before the second click lands.
  const clickBoth = async (kind: string) => {
    await expect(action(a, kind)).toBeEnabled();
    await expect(action(b, kind)).toBeEnabled();
    await Promise.all([a, b].map((p) => action(p, kind).evaluate((el) => (el as HTMLButtonElement).click())));
  };
  await clickBoth("stop");
  await expect(phaseOf(a)).toHaveAttribute("data-phase", "Stopped", { timeout: 30_000 });
  await expect(phaseOf(b)).toHaveAttribute("data-phase", "Stopped", { timeout: 30_000 });
  await clickBoth("start");
  await expect(phaseOf(a)).toHaveAttribute("data-phase", "Running", { timeout: 30_000 });
  await expect(phaseOf(b)).toHaveAttribute("data-phase", "Running", { timeout: 30_000 });
  expect(statuses.length).toBeGreaterThanOrEqual(2);
  for (const s of statuses) expect([200, 409]).toContain(s);
  const final = await clusterClient().getSession("demo", name);
  expect(final.status?.phase).toBe("Running");
  await a.close();
  await b.close();
});

test.describe("with the operator paused", () => {
  // A second stack (own cluster and console) started with EMBEDDED_OPERATOR=false: nothing reconciles.
  const port = 3107;
  const baseURL = `http://127.0.0.1:${port}`;
  let stack: ChildProcess | undefined;
  let dataDir: string;

  test.beforeAll(async () => {
    test.setTimeout(240_000);
    dataDir = mkdtempSync(path.join(os.tmpdir(), "e2e-paused-"));
    // Same entry as the main stack (playwright.config.ts); the build it made is current, so none runs here.
    stack = spawn("node_modules/.bin/tsx", ["local/start.ts"], {
      cwd: path.resolve(import.meta.dirname, ".."),
      env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), KUBE_API_PORT: "0", EMBEDDED_OPERATOR: "false", LOG_LEVEL: "warn", KUBECONFIG: "" },
      stdio: "ignore",
    });
    const deadline = Date.now() + 220_000;
    for (;;) {
      try {
        if ((await fetch(`${baseURL}/api/healthz`)).ok) break;
      } catch {
        // not up yet
      }
      if (Date.now() > deadline) throw new Error("paused stack did not start");
      await new Promise((r) => setTimeout(r, 1000));
    }
  });

  test.afterAll(async () => {
    if (stack?.pid) {
      stack.kill("SIGTERM");
      await new Promise((r) => stack!.once("exit", r));
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  test("the stale banner shows both generations while the spec is ahead of the operator", async ({ page }) => {
    const cluster = clusterClient(path.join(dataDir, "kubeconfig"));
    const name = uniqueName("e2e-stale");
    await cluster.createSession("demo", { metadata: { name }, spec: { initialPrompt: "x", interactive: true } });
    // What an operator would have written for generation 1.
    await cluster.patchStatus("demo", name, {
      phase: "Running",
      observedGeneration: 1,
      conditions: [{ type: "Ready", status: "True", reason: "Running", message: "runner up", lastTransitionTime: new Date().toISOString(), observedGeneration: 1 }],
    });
    await page.goto(`${baseURL}/projects/demo/sessions/${name}`);
    await expect(page.getByTestId("live-indicator")).toHaveAttribute("data-state", "live");
    await expect(page.getByTestId("stale-banner")).toHaveCount(0);

    // Through the console: add a repo (spec change → generation 2); nobody reconciles it.
    const repo = makeBareRepo("e2e-stale-repo");
    await page.getByLabel("Repository URL to add").fill(repo.url);
    await page.getByTestId("add-repo").click();
    const banner = page.getByTestId("stale-banner");
    await expect(banner).toBeVisible();
    await expect(banner).toContainText("Changes not yet reconciled");
    await expect(banner).toHaveAttribute("data-generation", "2");
    await expect(banner).toHaveAttribute("data-observed-generation", "1");
    await expect(page.locator('[data-testid="condition-row"][data-type="Ready"] [data-testid="condition-stale"]')).toHaveText("gen 1 of 2");
    await expect(page.locator(`[data-testid="repo-status-row"][data-name="${repo.name}"]`)).toHaveAttribute("data-drift", "pending-add");

    // The "operator" catches up: the banner goes away without reload.
    await cluster.patchStatus("demo", name, { observedGeneration: 2 });
    await expect(banner).toHaveCount(0);
  });
});
