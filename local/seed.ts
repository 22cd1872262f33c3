// First-start content of the embedded default: a sample code repo, a workflow catalog repo
// (CONTRACT.md §7), both real bare git repos under DATA_DIR/git, and demo sessions using them, so
// a newcomer sees real state at once. Idempotent: existing repos and sessions are left alone.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { CustomObjectsApi, type KubeConfig } from "@kubernetes/client-node";
import type { Logger } from "pino";
import { SESSION_API_VERSION, SESSION_GROUP, SESSION_KIND, SESSION_PLURAL, SESSION_VERSION, type AgenticSession } from "../types/agentic-session";

export const DEMO_NAMESPACE = "demo";

function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", ["-c", "user.name=Session Console", "-c", "user.email=seed@localhost", "-c", "init.defaultBranch=main", ...args], {
    cwd,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, GIT_TERMINAL_PROMPT: "0" },
  }).toString();
}

/** Create a bare repo at `bareDir` holding `files` on branch main, unless it already exists. */
export function seedBareRepo(bareDir: string, files: Record<string, string>, message: string): boolean {
  if (existsSync(path.join(bareDir, "HEAD"))) return false;
  const work = mkdtempSync(path.join(os.tmpdir(), "seed-"));
  try {
    git(work, "init", "-q", "-b", "main");
    for (const [rel, content] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(work, rel)), { recursive: true });
      writeFileSync(path.join(work, rel), content);
    }
    git(work, "add", "-A");
    git(work, "commit", "-q", "-m", message);
    mkdirSync(path.dirname(bareDir), { recursive: true });
    rmSync(bareDir, { recursive: true, force: true });
    git(path.dirname(bareDir), "clone", "-q", "--bare", work, bareDir);
    return true;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

const SAMPLE_APP: Record<string, string> = {
  "README.md": "# sample-app\n\nA tiny TypeScript module the demo sessions work on.\n\n- `src/greet.ts`: greets people\n- `src/sum.ts`: adds numbers (has a bug: it ignores negative numbers)\n",
  "package.json": JSON.stringify({ name: "sample-app", version: "0.1.0", type: "module", scripts: { test: "node --test" } }, null, 2) + "\n",
  "src/greet.ts": 'export function greet(name: string): string {\n  return `Hello, ${name}!`;\n}\n',
  "src/sum.ts": "// Adds the numbers of a list.\nexport function sum(values: number[]): number {\n  return values.filter((v) => v > 0).reduce((a, b) => a + b, 0);\n}\n",
  "test/sum.test.ts": 'import { sum } from "../src/sum";\n// TODO: cover negative numbers\nconsole.assert(sum([1, 2, 3]) === 6);\n',
};

function workflow(name: string, description: string, systemPrompt: string, startupPrompt: string) {
  return JSON.stringify({ name, description, systemPrompt, startupPrompt }, null, 2) + "\n";
}

const CATALOG: Record<string, string> = {
  "README.md": "# Workflow catalog\n\nOne folder per workflow under `workflows/`, each with `.ambient/ambient.json`.\n",
  "workflows/bugfix/.ambient/ambient.json": workflow(
    "Bug fix",
    "Reproduce a bug, fix it with the smallest change, and add a test that fails without the fix.",
    "You fix bugs. Reproduce first, change as little as possible, and always add a regression test.",
    "Read the repository, find the bug described in the prompt, and propose a minimal fix with a test.",
  ),
  "workflows/bugfix/README.md": "Bug-fix workflow: reproduce, fix, test.\n",
  "workflows/code-review/.ambient/ambient.json": workflow(
    "Code review",
    "Review the repository for correctness, security and clarity; write findings to artifacts/review.md.",
    "You are a careful reviewer. Rank findings by severity and cite file and line.",
    "Review the code in the workspace and write your findings to artifacts/review.md.",
  ),
  "workflows/docs/.ambient/ambient.json": workflow(
    "Documentation",
    "Write or update the README and inline docs so a newcomer can use the code.",
    "You write clear, short documentation with runnable examples.",
    "Document the public functions of the repository and update README.md.",
  ),
};

export function sampleRepoPaths(dataDir: string) {
  const gitDir = path.join(path.resolve(dataDir), "git");
  return { sampleApp: path.join(gitDir, "sample-app.git"), catalog: path.join(gitDir, "workflow-catalog.git") };
}

export async function seedDemo(opts: { kubeConfig: KubeConfig; dataDir: string; logger?: Logger }): Promise<void> {
  const { sampleApp, catalog } = sampleRepoPaths(opts.dataDir);
  if (seedBareRepo(sampleApp, SAMPLE_APP, "Sample app")) opts.logger?.info({ repo: sampleApp }, "seeded sample code repository");
  if (seedBareRepo(catalog, CATALOG, "Workflow catalog")) opts.logger?.info({ repo: catalog }, "seeded workflow catalog");
  const appUrl = pathToFileURL(sampleApp).href;
  const catalogUrl = pathToFileURL(catalog).href;

  const sessions: AgenticSession[] = [
    {
      apiVersion: SESSION_API_VERSION,
      kind: SESSION_KIND,
      metadata: { name: "fix-negative-sum", namespace: DEMO_NAMESPACE },
      spec: {
        displayName: "Fix sum() for negative numbers",
        initialPrompt: "sum() in src/sum.ts drops negative numbers. Fix it and add a test for negative input.",
        interactive: false,
        repos: [{ url: appUrl, branch: "main" }],
        activeWorkflow: { gitUrl: catalogUrl, branch: "main", path: "workflows/bugfix" },
        llmSettings: { model: "claude-3-7-sonnet-latest", temperature: 0.7, maxTokens: 4000 },
        timeout: 300,
        userContext: { userId: "demo", displayName: "Demo user", groups: [] },
      },
    },
    {
      apiVersion: SESSION_API_VERSION,
      kind: SESSION_KIND,
      metadata: { name: "review-sample-app", namespace: DEMO_NAMESPACE },
      spec: {
        displayName: "Review the sample app",
        initialPrompt: "Review the sample app and list what you would improve first.",
        interactive: true,
        repos: [{ url: appUrl, branch: "main" }],
        activeWorkflow: { gitUrl: catalogUrl, branch: "main", path: "workflows/code-review" },
        llmSettings: { model: "claude-3-7-sonnet-latest", temperature: 0.7, maxTokens: 4000 },
        timeout: 300,
        userContext: { userId: "demo", displayName: "Demo user", groups: [] },
      },
    },
  ];

  // Sessions are seeded once: a user who deleted them does not get them back on the next start.
  const marker = path.join(path.dirname(sampleApp), ".demo-sessions-seeded");
  if (existsSync(marker)) return;
  const api = opts.kubeConfig.makeApiClient(CustomObjectsApi);
  const base = { group: SESSION_GROUP, version: SESSION_VERSION, plural: SESSION_PLURAL, namespace: DEMO_NAMESPACE };
  for (const body of sessions) {
    try {
      await api.getNamespacedCustomObject({ ...base, name: body.metadata.name! });
      continue; // exists: never overwrite what the user may have changed
    } catch (e) {
      if ((e as { code?: number }).code !== 404) throw e;
    }
    try {
      await api.createNamespacedCustomObject({ ...base, body });
      opts.logger?.info({ session: `${DEMO_NAMESPACE}/${body.metadata.name}` }, "seeded demo session");
    } catch (e) {
      if ((e as { code?: number }).code !== 409) throw e;
    }
  }
  writeFileSync(marker, new Date().toISOString() + "\n");
}
