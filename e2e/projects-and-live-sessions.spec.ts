import { expect, test } from "@playwright/test";
import { ANNOTATIONS } from "../types/agentic-session";
import { clusterClient, uniqueName } from "./cluster";

test("a new user opens the console, finds the demo project and its sessions, live", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Projects" })).toBeVisible();
  await page.getByRole("link", { name: /demo/i }).first().click();
  await expect(page).toHaveURL(/\/projects\/demo\/sessions/);
  await expect(page.getByTestId("live-indicator")).toHaveAttribute("data-state", "live");
  // The seeded sessions are there on first paint.
  await expect(page.getByTestId("session-row").first()).toBeVisible();
});

test("a session created through the API appears without reload, and its phase follows the cluster", async ({ page }) => {
  const cluster = clusterClient();
  await page.goto("/projects/demo/sessions");
  await expect(page.getByTestId("live-indicator")).toHaveAttribute("data-state", "live");

  const name = uniqueName("e2e-live");
  await cluster.createSession("demo", {
    metadata: { name },
    spec: { displayName: `Live ${name}`, initialPrompt: "Say hello", interactive: true },
  });
  const row = page.locator(`[data-testid="session-row"][data-name="${name}"]`);
  await expect(row).toBeVisible({ timeout: 5_000 });
  await expect(row.getByTestId("phase-badge")).toHaveAttribute("data-phase", "Running", { timeout: 20_000 });

  // Stop it the way kubectl would: the operator reconciles, the page follows without reload.
  await cluster.patch("demo", name, { metadata: { annotations: { [ANNOTATIONS.desiredPhase]: "Stopped" } } });
  await expect(row.getByTestId("phase-badge")).toHaveAttribute("data-phase", /Stopping|Stopped/, { timeout: 5_000 });
  await expect(row.getByTestId("phase-badge")).toHaveAttribute("data-phase", "Stopped", { timeout: 15_000 });
});

test("filters by phase and text are kept in the URL", async ({ page }) => {
  await page.goto("/projects/demo/sessions");
  await page.getByRole("group", { name: "Filter by phase" }).getByRole("button", { name: "Failed" }).click();
  await expect(page).toHaveURL(/phase=Failed/);
  await page.getByLabel("Filter sessions").fill("no-such-session-xyz");
  await expect(page).toHaveURL(/q=no-such-session-xyz/);
  await expect(page.getByTestId("empty-state")).toContainText("No sessions match");
  await page.reload();
  await expect(page.getByLabel("Filter sessions")).toHaveValue("no-such-session-xyz");
  await expect(page.getByRole("button", { name: "Failed" })).toHaveAttribute("aria-pressed", "true");
});
