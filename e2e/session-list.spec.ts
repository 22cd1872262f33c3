// Session list extras (issue 7): view in the URL, keyboard selection, bulk stop and delete with
// per-item results. Sessions are seeded through the cluster API; the local operator moves them.
import { CoreV1Api, CustomObjectsApi } from "@kubernetes/client-node";
import { ANNOTATIONS, SESSION_GROUP, SESSION_PLURAL, SESSION_VERSION } from "../types/agentic-session";
import { expect, test, type Page } from "@playwright/test";
import { clusterClient } from "./cluster";

const PROJECT = `e2e-list-${Date.now().toString(36)}`;
// More than 20, and more than the local operator's 16 runner slots: some start out Pending.
const COUNT = 22;
const nameOf = (i: number) => `ls-${String(i).padStart(2, "0")}`;
const ALL = Array.from({ length: COUNT }, (_, i) => nameOf(i + 1));
const listUrl = (search = "") => `/projects/${PROJECT}/sessions${search}`;
const row = (page: Page, name: string) => page.locator(`[data-testid="session-row"][data-name="${name}"]`);

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  const cluster = clusterClient();
  await cluster.kc.makeApiClient(CoreV1Api).createNamespace({ body: { metadata: { name: PROJECT, labels: { "ambient-code.io/managed": "true" } } } });
  // Interactive sessions keep running until stopped, so a bulk stop has something to stop.
  for (const [i, name] of ALL.entries()) {
    await cluster.createSession(PROJECT, {
      metadata: { name },
      spec: { displayName: `List ${name}`, initialPrompt: `task ${i}`, interactive: true, userContext: { userId: `user-${i % 3}`, displayName: `User ${i % 3}` } },
    });
  }
});

// Interactive sessions hold runner slots until they end: free them for the specs that follow.
test.afterAll(async () => {
  const custom = clusterClient().kc.makeApiClient(CustomObjectsApi);
  await Promise.all(
    ALL.map((name) =>
      custom.deleteNamespacedCustomObject({ group: SESSION_GROUP, version: SESSION_VERSION, plural: SESSION_PLURAL, namespace: PROJECT, name }).catch(() => undefined),
    ),
  );
});

test("sort and columns are kept in the URL and survive a reload; rows select from the keyboard", async ({ page }) => {
  await page.goto(listUrl());
  await expect(page.getByTestId("live-indicator")).toHaveAttribute("data-state", "live");
  await expect(row(page, nameOf(1))).toBeVisible();

  // Sort by name, then flip to descending, from the header.
  await page.getByTestId("sort-name").click();
  await expect(page).toHaveURL(/sort=name/);
  await page.getByTestId("sort-name").click();
  await expect(page).toHaveURL(/sort=name&dir=desc/);

  // Columns from the View menu: add "Started by", drop "Model".
  await page.getByTestId("view-menu").click();
  await page.getByTestId("column-user").click();
  await page.getByTestId("column-model").click();
  await page.keyboard.press("Escape");
  await expect(page).toHaveURL(/cols=phase%2Crepos%2Cuser%2Cage|cols=phase,repos,user,age/);

  await page.reload();
  await expect(page.getByRole("columnheader", { name: "Started by" })).toBeVisible();
  await expect(page.getByRole("columnheader", { name: "Model" })).toHaveCount(0);
  await expect(page.getByRole("columnheader", { name: /Session/ })).toHaveAttribute("aria-sort", "descending");
  await expect(page.getByTestId("session-row").first()).toHaveAttribute("data-name", nameOf(COUNT));
  await expect(row(page, nameOf(COUNT))).toContainText(`User ${(COUNT - 1) % 3}`);

  // Keyboard: Space selects, ArrowDown moves to the next row's box, Escape clears.
  await row(page, nameOf(COUNT)).getByTestId("row-select").focus();
  await page.keyboard.press("Space");
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Space");
  await expect(page.getByTestId("selected-count")).toHaveAttribute("data-count", "2");
  await expect(row(page, nameOf(COUNT - 1))).toHaveAttribute("aria-selected", "true");
  // Shift+Space two rows further down selects the range up to there.
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Shift+Space");
  await expect(page.getByTestId("selected-count")).toHaveAttribute("data-count", "4");
  await page.keyboard.press("Escape");
  await expect(page.getByTestId("bulk-bar")).toHaveCount(0);
});

test("bulk stop of 20 sessions ends with all 20 Stopped and the rest untouched", async ({ page }) => {
  test.setTimeout(240_000);
  const cluster = clusterClient();
  await page.goto(listUrl("?sort=name"));
  await expect(page.getByTestId("live-indicator")).toHaveAttribute("data-state", "live");

  // Click the first, shift-click the twentieth: a range of 20.
  await row(page, nameOf(1)).getByTestId("row-select").click();
  await row(page, nameOf(20)).getByTestId("row-select").click({ modifiers: ["Shift"] });
  await expect(page.getByTestId("selected-count")).toHaveAttribute("data-count", "20");

  await page.getByTestId("bulk-stop").click();
  const dialog = page.getByTestId("bulk-confirm");
  await expect(dialog).toContainText("Stop 20 sessions?");
  await dialog.getByTestId("bulk-confirm-button").click();
  await expect(page.getByText("Stop requested for 20 sessions")).toBeVisible();

  const stopped = ALL.slice(0, 20);
  await expect
    .poll(async () => (await Promise.all(stopped.map((n) => cluster.getSession(PROJECT, n)))).filter((s) => s.status?.phase === "Stopped").length, {
      timeout: 200_000,
      intervals: [1000],
    })
    .toBe(20);
  // The list follows the cluster without a reload (the rows in view: the others are not rendered).
  for (const n of stopped.slice(-3)) await expect(row(page, n).getByTestId("phase-badge")).toHaveAttribute("data-phase", "Stopped");
  for (const n of ALL.slice(20)) {
    const s = await cluster.getSession(PROJECT, n);
    expect(s.status?.phase ?? "Pending").not.toMatch(/Stopping|Stopped/);
    expect(s.metadata.annotations?.[ANNOTATIONS.desiredPhase]).toBeUndefined();
  }
});

test("bulk delete reports a partial failure: one session deleted meanwhile", async ({ page }) => {
  const cluster = clusterClient();
  const targets = [nameOf(18), nameOf(19), nameOf(20)];
  await page.goto(listUrl("?sort=name"));
  await expect(page.getByTestId("live-indicator")).toHaveAttribute("data-state", "live");
  for (const n of targets) await row(page, n).getByTestId("row-select").click();
  await page.getByTestId("bulk-delete").click();
  const dialog = page.getByTestId("bulk-confirm");
  await expect(dialog).toContainText("Delete 3 sessions?");

  // Someone else deletes one while the dialog is open.
  await cluster.kc
    .makeApiClient(CustomObjectsApi)
    .deleteNamespacedCustomObject({ group: SESSION_GROUP, version: SESSION_VERSION, plural: SESSION_PLURAL, namespace: PROJECT, name: nameOf(19) });
  await expect(row(page, nameOf(19))).toHaveCount(0);

  await dialog.getByTestId("bulk-confirm-button").click();
  await expect(page.getByText("1 of 3 failed (deleted 2 sessions)")).toBeVisible();
  await expect(page.getByText(new RegExp(`${nameOf(19)}: .*not found`))).toBeVisible();
  await expect(row(page, nameOf(18))).toHaveCount(0);
  await expect(row(page, nameOf(20))).toHaveCount(0);
});

test("a failure on a row still listed is shown on that row and the row stays selected", async ({ page }) => {
  await page.goto(listUrl("?sort=name"));
  await expect(page.getByTestId("live-indicator")).toHaveAttribute("data-state", "live");
  const [a, b] = [nameOf(21), nameOf(22)];
  // The API's answer for one item is made a refusal here (a 403 the cluster would give another user).
  await page.route(`**/api/projects/${PROJECT}/bulk`, async (route) => {
    const { names } = route.request().postDataJSON() as { names: string[] };
    await route.fulfill({
      json: {
        action: "stop",
        results: names.map((name) => (name === b ? { name, ok: false, code: 403, message: "agenticsessions is forbidden" } : { name, ok: true, message: "Stop requested" })),
        succeeded: names.length - 1,
        failed: 1,
      },
    });
  });
  await row(page, a).getByTestId("row-select").click();
  await row(page, b).getByTestId("row-select").click();
  await page.getByTestId("bulk-stop").click();
  await page.getByTestId("bulk-confirm-button").click();
  await expect(page.getByText("1 of 2 failed")).toBeVisible();
  await expect(row(page, b).getByTestId("row-error")).toContainText("Stop failed: agenticsessions is forbidden");
  await expect(row(page, a).getByTestId("row-error")).toHaveCount(0);
  await expect(page.getByTestId("selected-count")).toHaveAttribute("data-count", "1");
  await expect(row(page, b)).toHaveAttribute("aria-selected", "true");
});
