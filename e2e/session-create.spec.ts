import { expect, test, type Page } from "@playwright/test";
import { clusterClient, uniqueName } from "./cluster";
import { makeBareRepo } from "./git-fixture";
import { sessionJanitor } from "./session-cleanup";

const janitor = sessionJanitor();
test.afterEach(() => janitor.cleanup());

const header = (page: Page) => page.getByTestId("session-detail").locator("header").first();

test("a developer creates a session with a local git repo through the form and follows it to Running, without reload", async ({ page }) => {
  const repo = makeBareRepo("e2e-create-repo");
  const title = `Create ${uniqueName("form")}`;

  await page.goto("/projects/demo/sessions");
  await expect(page.getByTestId("live-indicator")).toHaveAttribute("data-state", "live");
  // `c` opens the create form.
  await page.locator("body").press("c");
  await expect(page).toHaveURL(/\/projects\/demo\/sessions\/new$/);

  await page.getByLabel("Display name").fill(title);
  await page.getByLabel("Initial prompt").fill("Read the README and summarise it.");
  await expect(page.getByTestId("prompt-counter")).toContainText("33 / 100,000");
  await page.getByRole("button", { name: "Add repository" }).click();
  await page.getByLabel("Repository 1 URL").fill(repo.url);
  // A workflow from the seeded catalog.
  await expect(page.locator("option", { hasText: "Bug fix" })).toBeAttached();
  await page.getByLabel("Workflow").selectOption({ label: "Bug fix" });
  await expect(page.getByTestId("workflow-description")).toContainText("workflows/bugfix");
  await page.getByRole("button", { name: "Create session" }).click();

  await expect(page).toHaveURL(/\/projects\/demo\/sessions\/session-[a-z0-9]{5}$/);
  await expect(page.getByTestId("session-title")).toHaveText(title);
  const name = janitor.track((await page.getByTestId("session-name").textContent())!.trim());

  // The phase moves on as the operator reconciles; the page follows over the watch stream.
  const phase = header(page).getByTestId("phase-badge");
  await expect(phase).toHaveAttribute("data-phase", /Pending|Creating|Running/);
  await expect(phase).toHaveAttribute("data-phase", "Running", { timeout: 30_000 });
  const repoRow = page.locator(`[data-testid="repo-status-row"][data-name="${repo.name}"]`);
  await expect(repoRow).toHaveAttribute("data-status", "Ready", { timeout: 30_000 });
  await expect(repoRow).toHaveAttribute("data-drift", "in-sync");
  await expect(page.locator('[data-testid="condition-row"][data-type="Ready"]')).toHaveAttribute("data-status", "True");
  await expect(page.locator('[data-testid="condition-row"][data-type="ReposReconciled"]')).toHaveAttribute("data-status", "True");
  await expect(page.getByTestId("workflow-panel")).toHaveAttribute("data-status", "Active", { timeout: 30_000 });
  await expect(page.getByTestId("workflow-panel")).toHaveAttribute("data-drift", "in-sync");
  // History from the session's Events is attached to the conditions.
  await expect(page.getByTestId("condition-event").first()).toBeAttached({ timeout: 15_000 });

  // The session carries the caller as userContext (not from the form).
  const stored = await clusterClient().getSession("demo", name);
  expect(stored.spec.userContext?.userId).toBeTruthy();
  expect(stored.spec.repos).toEqual([{ url: repo.url, branch: "main" }]);
  expect(stored.spec.activeWorkflow).toMatchObject({ path: "workflows/bugfix", branch: "main" });
});

test("invalid inputs show field errors and nothing is created", async ({ page }) => {
  await page.goto("/projects/demo/sessions/new");
  const create = page.getByRole("button", { name: "Create session" });

  // Empty prompt.
  await create.click();
  await expect(page.getByTestId("error-initialPrompt")).toContainText("Required");

  // A 200 KB prompt.
  await page.getByLabel("Initial prompt").fill("x".repeat(200_000));
  await expect(page.getByTestId("prompt-counter")).toContainText("200,000 / 100,000");
  await create.click();
  await expect(page.getByTestId("error-initialPrompt")).toContainText("At most 100,000");

  // Bad repo URL and bad temperature, each on its own field.
  await page.getByLabel("Initial prompt").fill("a fine prompt");
  await page.getByRole("button", { name: "Add repository" }).click();
  await page.getByLabel("Repository 1 URL").fill("http://example.com/org/repo");
  await page.getByLabel("Temperature").fill("3");
  await page.getByLabel("Max tokens").fill("many");
  await create.click();
  await expect(page.getByTestId("error-initialPrompt")).toHaveCount(0);
  await expect(page.getByTestId("error-repos[0].url")).toContainText("https://");
  await expect(page.getByTestId("error-llmSettings.temperature")).toContainText("Between 0 and 2");
  await expect(page.getByTestId("error-llmSettings.maxTokens")).toContainText("A whole number");
  await expect(page.getByLabel("Temperature")).toHaveAttribute("aria-invalid", "true");
  await expect(page).toHaveURL(/\/sessions\/new$/);
});

test("the server's field errors land on the form's fields", async ({ request }) => {
  // The route uses the same schema: a direct POST gets the same field paths the form shows.
  const res = await request.post("/api/projects/demo/sessions", {
    data: { initialPrompt: "", repos: [{ url: "not a url" }], llmSettings: { temperature: 5 }, timeout: 0 },
  });
  expect(res.status()).toBe(400);
  const { error } = await res.json();
  expect(error.causes.map((c: { field: string }) => c.field).sort()).toEqual(["initialPrompt", "llmSettings.temperature", "repos[0].url", "timeout"]);
});

test("a legacy session created through the API displays normalised and acts correctly", async ({ page }) => {
  const cluster = clusterClient();
  const name = janitor.track(uniqueName("e2e-legacy"));
  await cluster.createSession("demo", {
    metadata: { name },
    spec: {
      displayName: `Legacy ${name}`,
      prompt: "An old-style prompt field",
      interactive: true,
      repos: [{ input: { url: "https://example.com/org/legacy-app.git", branch: "develop" }, output: { url: "https://example.com/fork/legacy-app.git", branch: "out" } }],
    } as never,
  });
  await page.goto(`/projects/demo/sessions/${name}`);
  await expect(page.getByTestId("session-prompt")).toHaveText("An old-style prompt field");
  await expect(page.getByText("legacy spec")).toBeVisible();
  const row = page.locator('[data-testid="repo-status-row"][data-name="legacy-app"]');
  await expect(row).toContainText("https://example.com/org/legacy-app.git");
  await expect(row).toContainText("develop");
  await expect(row).toContainText("push target");
  // Displaying it never rewrote it.
  const stored = await cluster.getSession("demo", name);
  expect((stored.spec as { prompt?: string }).prompt).toBe("An old-style prompt field");
  expect(stored.spec.initialPrompt).toBeUndefined();
  // And it acts: stop works on it like on any other session.
  await page.locator('[data-action="stop"]').click();
  await expect(header(page).getByTestId("phase-badge")).toHaveAttribute("data-phase", /Stopping|Stopped|Failed/, { timeout: 30_000 });
});

test("the command palette jumps to a session", async ({ page }) => {
  const cluster = clusterClient();
  const name = janitor.track(uniqueName("e2e-palette"));
  await cluster.createSession("demo", { metadata: { name }, spec: { displayName: `Palette ${name}`, initialPrompt: "x" } });
  await page.goto("/projects/demo/sessions");
  await expect(page.getByTestId("live-indicator")).toHaveAttribute("data-state", "live");
  await page.keyboard.press("Control+k");
  await page.getByPlaceholder(/Search sessions in demo/).fill(name);
  await page.getByRole("option", { name: new RegExp(`Palette ${name}`) }).click();
  await expect(page).toHaveURL(new RegExp(`/projects/demo/sessions/${name}$`));
  // `/` still focuses the list's search on the list page.
  await page.goto("/projects/demo/sessions");
  await expect(page.getByTestId("live-indicator")).toHaveAttribute("data-state", "live");
  await page.locator("body").press("/");
  await expect(page.getByLabel("Filter sessions")).toBeFocused();
});
