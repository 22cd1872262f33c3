// Watch resilience in the browser. The e2e stack runs the API server inside the console's start
// process, so it cannot be restarted alone here; the stream is broken at the browser's edge instead
// (Playwright routes), which is what the page sees when the API server restarts or history expires.
// The server half (a real restart, a real 410) is tested in tests/reliability/watch-*.test.ts.
import { CustomObjectsApi } from "@kubernetes/client-node";
import { expect, test, type Page } from "@playwright/test";
import { SESSION_GROUP, SESSION_PLURAL, SESSION_VERSION } from "../types/agentic-session";
import { clusterClient, uniqueName } from "./cluster";

const WATCH = "**/api/projects/demo/sessions/watch*";
const row = (page: Page, name: string) => page.locator(`[data-testid="session-row"][data-name="${name}"]`);
const indicator = (page: Page) => page.getByTestId("live-indicator");

/** An SSE body that says live and then ends: the stream "drops" right after. */
const liveThenEnd = (extra = "") => `retry: 1000\n\nevent: state\ndata: {"state":"live"}\n\n${extra}`;

async function markPage(page: Page) {
  await page.evaluate(() => ((window as unknown as { __sameDocument: number }).__sameDocument = 42));
}
async function samePage(page: Page) {
  expect(await page.evaluate(() => (window as unknown as { __sameDocument?: number }).__sameDocument)).toBe(42);
}

test.describe.configure({ timeout: 90_000 });

test("the stream drops: reconnecting, then live within 5 s, changes made meanwhile applied, no reload", async ({ page }) => {
  const cluster = clusterClient();
  const [keep, gone, added] = [uniqueName("e2e-wr-keep"), uniqueName("e2e-wr-gone"), uniqueName("e2e-wr-new")];
  for (const name of [keep, gone]) await cluster.createSession("demo", { metadata: { name }, spec: { displayName: name, initialPrompt: "x", interactive: false } });

  // 1st connection: live, then the stream ends. 2nd: the cluster changes while the page cannot hear
  // it, and the connection is refused. From the 3rd on: the real stream, resumed from the last version.
  let calls = 0;
  let backAt = 0;
  await page.route(WATCH, async (route) => {
    calls++;
    if (calls === 1) return route.fulfill({ status: 200, headers: { "content-type": "text/event-stream" }, body: liveThenEnd() });
    if (calls === 2) {
      await cluster.kc.makeApiClient(CustomObjectsApi).deleteNamespacedCustomObject({ group: SESSION_GROUP, version: SESSION_VERSION, plural: SESSION_PLURAL, namespace: "demo", name: gone });
      await cluster.createSession("demo", { metadata: { name: added }, spec: { displayName: added, initialPrompt: "x", interactive: false } });
      await cluster.patch("demo", keep, { spec: { displayName: `${keep} (renamed)` } });
      backAt = Date.now();
      return route.abort("connectionrefused");
    }
    return route.continue();
  });
  await page.goto("/projects/demo/sessions");
  await expect(row(page, keep)).toBeVisible();
  await markPage(page);
  await expect(indicator(page)).toHaveAttribute("data-state", "reconnecting", { timeout: 10_000 });

  await expect.poll(() => backAt, { timeout: 10_000 }).toBeGreaterThan(0);
  await expect(indicator(page)).toHaveAttribute("data-state", "live", { timeout: 5_000 });
  await expect(row(page, gone)).toHaveCount(0, { timeout: 5_000 });
  await expect(row(page, added)).toBeVisible({ timeout: 5_000 });
  await expect(row(page, keep)).toContainText("(renamed)", { timeout: 5_000 });
  expect(Date.now() - backAt).toBeLessThanOrEqual(5_000 + 1_000);
  await samePage(page);
});

test("history expired (the stream's reset after a 410): the page re-reads, the stale row goes, no reload", async ({ page }) => {
  const cluster = clusterClient();
  const [keep, gone] = [uniqueName("e2e-wr410-keep"), uniqueName("e2e-wr410-gone")];
  for (const name of [keep, gone]) await cluster.createSession("demo", { metadata: { name }, spec: { displayName: name, initialPrompt: "x", interactive: false } });

  let release!: (rv: string) => void;
  const resetAt = new Promise<string>((r) => (release = r));
  let calls = 0;
  await page.route(WATCH, async (route) => {
    calls++;
    if (calls === 1) return route.fulfill({ status: 200, headers: { "content-type": "text/event-stream" }, body: liveThenEnd() });
    if (calls === 2) {
      // What the console's stream sends when the API server answers 410: a reset at the current version.
      const rv = await resetAt;
      return route.fulfill({ status: 200, headers: { "content-type": "text/event-stream" }, body: liveThenEnd(`id: ${rv}\nevent: reset\ndata: {"resourceVersion":"${rv}"}\n\n`) });
    }
    return route.continue();
  });
  await page.goto("/projects/demo/sessions");
  await expect(row(page, gone)).toBeVisible();
  await markPage(page);

  // Deleted while the page's history "expired": its DELETED event will never be replayed.
  const api = cluster.kc.makeApiClient(CustomObjectsApi);
  const base = { group: SESSION_GROUP, version: SESSION_VERSION, plural: SESSION_PLURAL, namespace: "demo" };
  await api.deleteNamespacedCustomObject({ ...base, name: gone });
  const list = (await api.listNamespacedCustomObject(base)) as { metadata: { resourceVersion: string } };
  const t0 = Date.now();
  release(list.metadata.resourceVersion);

  await expect(row(page, gone)).toHaveCount(0, { timeout: 5_000 });
  await expect(row(page, keep)).toBeVisible();
  await expect(indicator(page)).toHaveAttribute("data-state", "live", { timeout: 5_000 });
  expect(Date.now() - t0).toBeLessThanOrEqual(5_000 + 1_000);
  await samePage(page);
});
