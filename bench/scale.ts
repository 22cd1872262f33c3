// npm run bench:scale — 10,000 sessions in one project (plus 19 small ones, 20 projects in all):
// list API p50/p95 for a page of 50, time to interactive of the sessions page and the overview,
// browser heap and console server RSS; then, deep in the big list, scrolling to 1,000 rows, loading
// all 10,000 and re-sorting them (the DOM keeps only the rows in view). Targets (issue 7): page p95 ≤ 50 ms; sessions page
// interactive ≤ 1.5 s; overview across 20 projects < 2 s; server RSS ≤ 400 MB.
import { execFileSync } from "node:child_process";
import https from "node:https";
import os from "node:os";
import { chromium } from "@playwright/test";
import { CoreV1Api, CustomObjectsApi, KubeConfig } from "@kubernetes/client-node";
import { SESSION_GROUP, SESSION_PHASES, SESSION_PLURAL, SESSION_VERSION } from "../types/agentic-session";
import { percentile, startStack, writeResult } from "./stack";

const BIG = Number(process.env.BENCH_SCALE_SESSIONS ?? 10_000);
const PROJECTS = 20;
const SMALL = Number(process.env.BENCH_SCALE_SMALL ?? 50);
const chromiumArgs = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"];

function rssOfListener(port: number): number | undefined {
  // The console is the `next start` process listening on the port; read its RSS from /proc.
  try {
    const out = execFileSync("ss", ["-ltnpH", `sport = :${port}`], { encoding: "utf8" });
    const pid = /pid=(\d+)/.exec(out)?.[1];
    if (!pid) return undefined;
    const status = execFileSync("cat", [`/proc/${pid}/status`], { encoding: "utf8" });
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
    return Math.round(kb / 1024);
  } catch {
    return undefined;
  }
}

/**
 * Seeding writes through one keep-alive agent: 20,000 requests through client-node's per-call
 * connections can run the process out of file descriptors on a loaded machine.
 */
function seedClient(kc: KubeConfig) {
  const agent = new https.Agent({ keepAlive: true, maxSockets: 64 });
  const server = new URL(kc.getCurrentCluster()?.server ?? "");
  return async (method: "POST" | "PATCH", path: string, body: object): Promise<void> => {
    const opts: https.RequestOptions = { method, hostname: server.hostname, port: server.port, path, agent, headers: {} };
    await kc.applyToHTTPSOptions(opts);
    const payload = JSON.stringify(body);
    opts.headers = { ...(opts.headers as Record<string, string>), "Content-Type": method === "PATCH" ? "application/merge-patch+json" : "application/json", "Content-Length": String(Buffer.byteLength(payload)) };
    await new Promise<void>((resolve, reject) => {
      const req = https.request(opts, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => ((res.statusCode ?? 500) < 300 ? resolve() : reject(new Error(`${method} ${path}: ${res.statusCode} ${Buffer.concat(chunks).toString().slice(0, 200)}`))));
      });
      req.on("error", reject);
      req.end(payload);
    });
  };
}

async function inBatches<T>(items: T[], size: number, fn: (item: T) => Promise<unknown>) {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(fn));
}

async function main() {
  const port = 3220;
  const stack = await startStack({ name: "scale", port, env: { EMBEDDED_OPERATOR: "false" } });
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: chromiumArgs });
  try {
    const kc = new KubeConfig();
    kc.loadFromFile(stack.kubeconfig);
    const core = kc.makeApiClient(CoreV1Api);
    const custom = kc.makeApiClient(CustomObjectsApi);
    const base = { group: SESSION_GROUP, version: SESSION_VERSION, plural: SESSION_PLURAL };

    const projects = ["scale", ...Array.from({ length: PROJECTS - 2 }, (_, i) => `scale-${i + 1}`)];
    for (const name of projects) await core.createNamespace({ body: { metadata: { name, labels: { "ambient-code.io/managed": "true" } } } });

    const seedStart = Date.now();
    const seed = seedClient(kc);
    const collection = (namespace: string) => `/apis/${SESSION_GROUP}/${SESSION_VERSION}/namespaces/${namespace}/${SESSION_PLURAL}`;
    const create = async (namespace: string, i: number) => {
      const name = `s-${String(i).padStart(5, "0")}`;
      await seed("POST", collection(namespace), {
        apiVersion: `${SESSION_GROUP}/${SESSION_VERSION}`,
        kind: "AgenticSession",
        metadata: { name },
        spec: { initialPrompt: `task ${i}`, displayName: `Scale session ${i}`, userContext: { userId: `user-${i % 25}` } },
      });
      await seed("PATCH", `${collection(namespace)}/${name}/status`, {
        status: { phase: SESSION_PHASES[i % SESSION_PHASES.length], startTime: new Date(Date.now() - i * 1000).toISOString() },
      });
    };
    await inBatches(Array.from({ length: BIG }, (_, i) => i), 50, (i) => create("scale", i));
    for (const ns of projects.slice(1)) await inBatches(Array.from({ length: SMALL }, (_, i) => i), 50, (i) => create(ns, i));
    const seedSeconds = (Date.now() - seedStart) / 1000;

    // 1. The console's list API, page of 50, walking the continue tokens.
    const latencies: number[] = [];
    let cont: string | undefined;
    for (let i = 0; i < 200; i++) {
      const url = `${stack.baseURL}/api/projects/scale/sessions?limit=50${cont ? `&continue=${encodeURIComponent(cont)}` : ""}`;
      const t0 = performance.now();
      const res = await fetch(url);
      const body = (await res.json()) as { continue?: string };
      latencies.push(performance.now() - t0);
      cont = body.continue || undefined;
    }
    latencies.sort((a, b) => a - b);

    // The same walk straight against the API server: what of the latency is the console's own.
    const direct: number[] = [];
    cont = undefined;
    for (let i = 0; i < 200; i++) {
      const t0 = performance.now();
      const list = (await custom.listNamespacedCustomObject({ ...base, namespace: "scale", limit: 50, _continue: cont })) as { metadata?: { continue?: string } };
      direct.push(performance.now() - t0);
      cont = list.metadata?.continue || undefined;
    }
    direct.sort((a, b) => a - b);

    // 2. Time to interactive: navigation until the first row can be clicked / the overview shows its totals.
    const tti = async (url: string, ready: string) => {
      const context = await browser.newContext();
      const page = await context.newPage();
      const t0 = Date.now();
      await page.goto(url);
      await page.locator(ready).first().waitFor({ state: "visible" });
      // Interactive: the main thread answers (hydrated React handles a click on the filter box).
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));
      const ms = Date.now() - t0;
      const heap = await page.evaluate(() => (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0);
      await context.close();
      return { ms, heapMb: Math.round(heap / 1048576) };
    };
    const sessionsPage = await tti(`${stack.baseURL}/projects/scale/sessions`, '[data-testid="session-row"]');

    // 3. Deep in the list: scroll until 1,000 rows are loaded, then load all and re-sort; the
    //    virtualised table should keep the DOM small and a re-sort of everything quick.
    const deep = async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`${stack.baseURL}/projects/scale/sessions`);
      await page.locator('[data-testid="session-row"]').first().waitFor({ state: "visible" });
      const loaded = async () => Number(await page.getByTestId("list-status").getAttribute("data-loaded"));
      const t0 = Date.now();
      while ((await loaded()) < 1000) {
        await page.getByTestId("session-scroller").evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
        await page.waitForTimeout(20);
      }
      const scrollTo1000Ms = Date.now() - t0;
      const t1 = Date.now();
      await page.getByRole("button", { name: "Load all to sort everything" }).click();
      await page.waitForFunction((n) => Number(document.querySelector('[data-testid="list-status"]')?.getAttribute("data-loaded")) >= n, BIG, { timeout: 300_000, polling: 100 });
      const loadAllMs = Date.now() - t1;
      const t2 = Date.now();
      await page.getByTestId("sort-name").click();
      await page.waitForFunction(() => document.querySelector('[data-testid="session-row"]')?.getAttribute("data-name") === "s-00000", undefined, { polling: "raf" });
      const resortMs = Date.now() - t2;
      const domRows = await page.locator('[data-testid="session-row"]').count();
      const heap = await page.evaluate(() => (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0);
      await context.close();
      return { scrollTo1000Ms, loadAllMs, resortAllMs: resortMs, domRows, heapMbAllLoaded: Math.round(heap / 1048576) };
    };

    const overview = await tti(`${stack.baseURL}/overview`, '[data-testid="overview-total"]');
    const rssMb = rssOfListener(port);
    // The server's part of the overview: reading every session of every project (median of 3).
    const overviewApi: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      await (await fetch(`${stack.baseURL}/api/overview`)).arrayBuffer();
      overviewApi.push(performance.now() - t0);
    }
    overviewApi.sort((a, b) => a - b);
    // Last, so the figures above are those of the plain visits; a failure here must not lose them.
    const deepList = await deep().catch((e: unknown) => ({ error: e instanceof Error ? e.message.split("\n")[0] : String(e) }));
    const rssAfterDeepMb = rssOfListener(port);

    const r = (n: number) => Math.round(n * 10) / 10;
    const result = {
      date: new Date().toISOString(),
      sessions: BIG + (PROJECTS - 2) * SMALL,
      projects: projects.length + 1, // with the seeded demo project
      seedSeconds: r(seedSeconds),
      listPage50: { p50Ms: r(percentile(latencies, 50)), p95Ms: r(percentile(latencies, 95)), targetP95Ms: 50 },
      apiServerPage50: { p50Ms: r(percentile(direct, 50)), p95Ms: r(percentile(direct, 95)) },
      loadAverage: os.loadavg().map(r),
      sessionsPage: { ttiMs: sessionsPage.ms, heapMb: sessionsPage.heapMb, targetMs: 1500 },
      sessionsPageDeep: deepList,
      overview: { ttiMs: overview.ms, heapMb: overview.heapMb, apiMs: r(overviewApi[1]), targetMs: 2000 },
      consoleRssMb: rssMb ?? null,
      consoleRssAfterLoadingAllMb: rssAfterDeepMb ?? null,
      targetRssMb: 400,
    };
    writeResult("scale", result);
  } finally {
    await browser.close();
    await stack.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
