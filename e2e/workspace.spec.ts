import { writeFileSync } from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { ANNOTATIONS } from "../types/agentic-session";
import { clusterClient, uniqueName } from "./cluster";
import { E2E } from "./env";
import { makeBareRepo } from "./git-fixture";

// The e2e stack runs with TEMP_CONTENT_IDLE_SECONDS=20, so expiry is seen within the test.
test.describe.configure({ timeout: 180_000 });

const entry = (page: Page, p: string) => page.locator(`[data-testid="ws-entry"][data-path="${p}"] > button`);
const access = (page: Page) => page.getByTestId("ws-access");

// 1×1 PNG, to see an image shown inline.
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64");

test("a stopped session's workspace opens with progress: files, a diff, the transcript; access expires and re-opens", async ({ page }) => {
  const repo = makeBareRepo("e2e-ws-repo", { "README.md": "# ws\nold line\n", "src/app.ts": "export const answer: number = 42;\n" });
  const name = uniqueName("e2e-ws");
  const prompt = "Summarise the repository for the workspace test.";
  const client = clusterClient();
  await client.createSession("demo", { metadata: { name }, spec: { displayName: `Workspace ${name}`, initialPrompt: prompt, interactive: false, repos: [{ url: repo.url }] } });
  await expect.poll(async () => (await client.getSession("demo", name)).status?.phase, { timeout: 60_000 }).toBe("Completed");

  // Change the clone on disk, as the agent would have, and leave an image among the artifacts.
  const ws = path.join(E2E.dataDir, "workspaces", "demo", name);
  writeFileSync(path.join(ws, repo.name, "README.md"), "# ws\nnew line\n");
  writeFileSync(path.join(ws, "artifacts", "dot.png"), PNG);

  await page.goto(`/projects/demo/sessions/${name}`);
  await page.getByRole("tab", { name: "Workspace" }).click();

  // Opening the tab asks for access; progress shows until the content server is up.
  await expect(access(page)).toHaveAttribute("data-state", /provisioning|ready/, { timeout: 15_000 });
  await expect(page.getByTestId("ws-progress")).toBeVisible();
  await expect(access(page)).toHaveAttribute("data-state", "ready", { timeout: 30_000 });
  await expect(access(page)).toHaveAttribute("data-step", "3");

  // The tree: the cloned repo and what the runner wrote.
  await expect(entry(page, repo.name)).toBeVisible();
  await entry(page, "artifacts").click();
  await entry(page, "artifacts/summary.md").click();
  const viewer = page.getByTestId("ws-viewer");
  await expect(viewer).toHaveAttribute("data-path", "artifacts/summary.md");
  await expect(page.getByTestId("ws-code")).toContainText("offline summary");
  await expect(page.locator('[data-testid="ws-entry"][data-path="artifacts/summary.md"]')).toContainText(/\d+ B/);

  await entry(page, "artifacts/dot.png").click();
  await expect(page.getByTestId("ws-image")).toBeVisible();
  await expect.poll(() => page.getByTestId("ws-image").evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(1);

  // A source file: line numbers and syntax highlighting (loaded on demand).
  await entry(page, repo.name).click();
  await entry(page, `${repo.name}/src`).click();
  await entry(page, `${repo.name}/src/app.ts`).click();
  const code = page.getByTestId("ws-code");
  await expect(code).toHaveAttribute("data-language", "typescript");
  await expect(code).toHaveAttribute("data-highlighted", "true");
  await expect(code.locator(".hljs-keyword").first()).toHaveText("export");

  // Download a file: the browser receives it as an attachment with its name.
  const download = page.waitForEvent("download");
  await page.getByTestId("ws-download-file").click();
  expect((await download).suggestedFilename()).toBe("app.ts");

  // Per-repo git status and the diff of the changed file.
  await page.getByRole("tab", { name: "Changes" }).click();
  const repoBox = page.locator(`[data-testid="ws-repo"][data-repo="${repo.name}"]`);
  await expect(repoBox.locator('[data-testid="ws-status-file"][data-path="README.md"]')).toHaveAttribute("data-status", "M");
  await repoBox.getByTestId("ws-show-diff").click();
  await expect(repoBox.locator('[data-testid="ws-diff-line"][data-kind="del"]')).toHaveText("-old line");
  await expect(repoBox.locator('[data-testid="ws-diff-line"][data-kind="add"]')).toHaveText("+new line");

  // The transcript as a conversation.
  await page.getByRole("tab", { name: "Conversation" }).click();
  await expect(page.locator('[data-testid="ws-message"][data-role="user"]').first()).toContainText(prompt);
  await expect(page.locator('[data-testid="ws-message"][data-role="assistant"]').first()).toContainText("summary.md");

  // Left alone, access expires (20 s idle here) and the page offers to re-open it.
  await expect(access(page)).toHaveAttribute("data-state", "expired", { timeout: 60_000 });
  await expect(page.getByTestId("ws-tree")).toHaveCount(0);
  const s = await client.getSession("demo", name);
  expect(s.status?.conditions?.find((c) => c.type === "TempContentPodReady")).toMatchObject({ status: "False", reason: "Expired" });
  await page.getByTestId("ws-reopen").click();
  await expect(access(page)).toHaveAttribute("data-state", "ready", { timeout: 30_000 });
  await page.getByRole("tab", { name: "Files" }).click();
  await expect(entry(page, repo.name)).toBeVisible();
});

test("a running session's workspace is browsed directly, live, and refreshes on demand", async ({ page }) => {
  const repo = makeBareRepo("e2e-ws-live-repo");
  const name = uniqueName("e2e-ws-live");
  const client = clusterClient();
  await client.createSession("demo", { metadata: { name }, spec: { initialPrompt: "Stay around.", interactive: true, repos: [{ url: repo.url }] } });
  await expect.poll(async () => (await client.getSession("demo", name)).status?.reconciledRepos?.[0]?.status, { timeout: 60_000 }).toBe("Ready");

  await page.goto(`/projects/demo/sessions/${name}`);
  await page.getByRole("tab", { name: "Workspace" }).click();
  await expect(access(page)).toHaveAttribute("data-state", "live");
  await expect(entry(page, repo.name)).toBeVisible();
  // No temporary access is asked for a running session.
  expect((await client.getSession("demo", name)).metadata.annotations?.[ANNOTATIONS.tempContentRequested]).toBeUndefined();

  writeFileSync(path.join(E2E.dataDir, "workspaces", "demo", name, "notes.txt"), "written while running\n");
  await page.getByTestId("ws-refresh").click();
  await entry(page, "notes.txt").click();
  await expect(page.getByTestId("ws-code")).toContainText("written while running");

  await client.patch("demo", name, { metadata: { annotations: { [ANNOTATIONS.desiredPhase]: "Stopped" } } });
});
