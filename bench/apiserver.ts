// `npm run bench:apiserver`: throughput and latency of the embedded API server (local/apiserver).
//   merge patches/s on one session and across 1,000 sessions (16 in flight),
//   watch event delivery to 200 concurrent watchers (patch ack → each watcher's receipt),
//   paged list of 10,000 sessions with limit=50.
// The server runs in a worker thread (its own event loop, like a separate process) so the client's
// work does not count against it; `--in-process` runs both on one loop for comparison.
// Figures are printed and written to bench/results/apiserver.json. Targets are reported, not asserted.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import https from "node:https";
import os from "node:os";
import path from "node:path";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import pino from "pino";
import { startApiServer } from "../local/apiserver/index";
import { percentile } from "./stack";

interface ServerInfo {
  url: string;
  adminToken: string;
  caPem: string;
}

const GROUP_PATH = "/apis/vteam.ambient-code/v1alpha1";
const CONCURRENCY = 16;
const TARGETS = { patchesPerSecond: 2000, watchP95Ms: 50, listP95Ms: 50 };

// ---------- the server side (worker thread) ----------
if (!isMainThread) {
  const { dataDir } = workerData as { dataDir: string };
  const server = await startApiServer({ dataDir, port: 0, logger: pino({ level: "silent" }) });
  parentPort!.on("message", (m) => {
    if (m === "close") void server.close().then(() => parentPort!.postMessage("closed"));
  });
  parentPort!.postMessage({ url: server.url, adminToken: server.adminToken, caPem: server.caPem } satisfies ServerInfo);
}

// ---------- a minimal HTTPS client (keep-alive, the server's own CA) ----------
class Client {
  private readonly agent: https.Agent;
  constructor(private readonly info: ServerInfo) {
    this.agent = new https.Agent({ keepAlive: true, maxSockets: 64, ca: info.caPem });
  }

  request(method: string, urlPath: string, body?: unknown, contentType = "application/json"): Promise<{ status: number; json: Record<string, unknown> }> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = https.request(
        new URL(urlPath, this.info.url),
        {
          method,
          agent: this.agent,
          headers: {
            authorization: `Bearer ${this.info.adminToken}`,
            accept: "application/json",
            ...(payload ? { "content-type": contentType, "content-length": Buffer.byteLength(payload) } : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => {
            const text = Buffer.concat(chunks).toString();
            try {
              resolve({ status: res.statusCode ?? 0, json: text ? JSON.parse(text) : {} });
            } catch (e) {
              reject(e);
            }
          });
          res.on("error", reject);
        },
      );
      req.on("error", reject);
      req.end(payload);
    });
  }

  async ok(method: string, urlPath: string, body?: unknown, contentType?: string): Promise<Record<string, unknown>> {
    const res = await this.request(method, urlPath, body, contentType);
    if (res.status >= 300) throw new Error(`${method} ${urlPath} → ${res.status}: ${JSON.stringify(res.json).slice(0, 300)}`);
    return res.json;
  }

  /** A watch stream; `onEvent` gets every parsed line and the time it arrived. Resolves once the server answered. */
  watch(urlPath: string, onEvent: (ev: { type: string; object: { metadata?: { resourceVersion?: string } } }, at: number) => void): Promise<() => void> {
    return new Promise((resolve, reject) => {
      // A dedicated agent per watch: a watch holds its socket for its whole life.
      const req = https.request(new URL(urlPath, this.info.url), { method: "GET", ca: this.info.caPem, agent: false, headers: { authorization: `Bearer ${this.info.adminToken}` } }, (res) => {
        if (res.statusCode !== 200) return reject(new Error(`watch ${urlPath} → ${res.statusCode}`));
        let buf = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => {
          const at = performance.now();
          buf += chunk;
          let nl: number;
          while ((nl = buf.indexOf("\n")) >= 0) {
            const line = buf.slice(0, nl).trim();
            buf = buf.slice(nl + 1);
            if (line) onEvent(JSON.parse(line), at);
          }
        });
        res.on("error", () => {});
        resolve(() => req.destroy());
      });
      req.on("error", (e) => {
        if ((e as NodeJS.ErrnoException).code !== "ECONNRESET") reject(e);
      });
      req.end();
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

// ---------- helpers ----------
const sessionsPath = (ns: string, name?: string) => `${GROUP_PATH}/namespaces/${ns}/agenticsessions${name ? `/${name}` : ""}`;

function sessionBody(name: string) {
  return { apiVersion: "vteam.ambient-code/v1alpha1", kind: "AgenticSession", metadata: { name }, spec: { initialPrompt: `benchmark ${name}`, interactive: true, repos: [] } };
}

/** Run `count` tasks with `concurrency` in flight; returns each task's latency in ms and the wall time. */
async function pool(count: number, concurrency: number, task: (i: number) => Promise<unknown>): Promise<{ latencies: number[]; seconds: number }> {
  const latencies: number[] = new Array(count);
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      for (let i = next++; i < count; i = next++) {
        const t0 = performance.now();
        await task(i);
        latencies[i] = performance.now() - t0;
      }
    }),
  );
  return { latencies, seconds: (performance.now() - started) / 1000 };
}

function summary(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const r = (n: number) => Math.round(n * 100) / 100;
  return { count: sorted.length, p50: r(percentile(sorted, 50)), p95: r(percentile(sorted, 95)), p99: r(percentile(sorted, 99)), max: r(sorted[sorted.length - 1] ?? NaN) };
}

async function createNamespace(c: Client, name: string) {
  await c.ok("POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name, labels: { "ambient-code.io/managed": "true" } } });
}

async function createSessions(c: Client, ns: string, count: number, prefix = "s") {
  return pool(count, CONCURRENCY, (i) => c.ok("POST", sessionsPath(ns), sessionBody(`${prefix}-${i}`)));
}

const MERGE = "application/merge-patch+json";

// ---------- the measurements ----------
async function benchPatches(c: Client) {
  await createNamespace(c, "bench-patch");
  await createSessions(c, "bench-patch", 1);
  const oneCount = 4000;
  const one = await pool(oneCount, CONCURRENCY, (i) => c.ok("PATCH", sessionsPath("bench-patch", "s-0"), { spec: { displayName: `patch ${i}` } }, MERGE));

  await createNamespace(c, "bench-many");
  const created = await createSessions(c, "bench-many", 1000);
  const manyCount = 5000;
  const many = await pool(manyCount, CONCURRENCY, (i) => c.ok("PATCH", sessionsPath("bench-many", `s-${i % 1000}`), { spec: { displayName: `patch ${i}` } }, MERGE));
  return {
    oneSession: { patches: oneCount, seconds: round(one.seconds), perSecond: Math.round(oneCount / one.seconds), latencyMs: summary(one.latencies) },
    across1000Sessions: { patches: manyCount, seconds: round(many.seconds), perSecond: Math.round(manyCount / many.seconds), latencyMs: summary(many.latencies) },
    creates: { count: 1000, perSecond: Math.round(1000 / created.seconds), latencyMs: summary(created.latencies) },
    concurrency: CONCURRENCY,
  };
}

async function benchWatch(c: Client, watchers = 200, rounds = 50) {
  const ns = "bench-watch";
  await createNamespace(c, ns);
  const created = (await c.ok("POST", sessionsPath(ns), sessionBody("watched"))) as { metadata: { resourceVersion: string } };
  // received[w] maps resourceVersion → arrival time at watcher w.
  const received: Map<string, number>[] = Array.from({ length: watchers }, () => new Map());
  const waiting = new Map<string, { left: number; done: () => void }>();
  const stops: Array<() => void> = [];
  const startRv = created.metadata.resourceVersion;
  for (let w = 0; w < watchers; w++) {
    stops.push(
      await c.watch(`${sessionsPath(ns)}?watch=true&resourceVersion=${startRv}`, (ev, at) => {
        const rv = ev.object.metadata?.resourceVersion;
        if (ev.type !== "MODIFIED" || !rv) return;
        received[w].set(rv, at);
        const wait = waiting.get(rv);
        if (wait && --wait.left === 0) wait.done();
      }),
    );
  }
  const fromAck: number[] = [];
  const fromSend: number[] = [];
  let beforeAck = 0;
  let missing = 0;
  for (let r = 0; r < rounds; r++) {
    const sent = performance.now();
    const res = (await c.ok("PATCH", sessionsPath(ns, "watched"), { metadata: { annotations: { "bench/round": String(r) } } }, MERGE)) as { metadata: { resourceVersion: string } };
    const acked = performance.now();
    const rv = res.metadata.resourceVersion;
    const already = received.filter((m) => m.has(rv)).length;
    if (already < watchers) {
      await Promise.race([
        new Promise<void>((done) => waiting.set(rv, { left: watchers - already, done })),
        new Promise((t) => setTimeout(t, 5000)),
      ]);
      waiting.delete(rv);
    }
    for (const m of received) {
      const at = m.get(rv);
      if (at === undefined) {
        missing += 1;
        continue;
      }
      fromSend.push(at - sent);
      // The server may deliver before its PATCH answer arrives: that counts as 0 ms after the ack.
      if (at < acked) beforeAck += 1;
      fromAck.push(Math.max(0, at - acked));
    }
  }
  for (const stop of stops) stop();
  return { watchers, rounds, deliveries: fromAck.length, missing, deliveredBeforeAck: beforeAck, fromAckMs: summary(fromAck), fromPatchSendMs: summary(fromSend) };
}

async function benchList(c: Client, total = 10_000, limit = 50, walks = 2) {
  const ns = "bench-list";
  await createNamespace(c, ns);
  const created = await createSessions(c, ns, total);
  const first: number[] = [];
  const pages: number[] = [];
  let seen = 0;
  for (let w = 0; w < walks; w++) {
    let token: string | undefined;
    seen = 0;
    do {
      const t0 = performance.now();
      const list = (await c.ok("GET", `${sessionsPath(ns)}?limit=${limit}${token ? `&continue=${encodeURIComponent(token)}` : ""}`)) as {
        items: unknown[];
        metadata: { continue?: string };
      };
      (token ? pages : first).push(performance.now() - t0);
      seen += list.items.length;
      token = list.metadata.continue || undefined;
    } while (token);
  }
  if (seen !== total) throw new Error(`paged list saw ${seen} sessions, expected ${total}`);
  return { sessions: total, limit, requests: first.length + pages.length, allPagesMs: summary([...first, ...pages]), firstPageMs: summary(first), continuePagesMs: summary(pages), createsPerSecond: Math.round(total / created.seconds) };
}

function round(n: number) {
  return Math.round(n * 1000) / 1000;
}

// ---------- main ----------
if (isMainThread) {
  const inProcess = process.argv.includes("--in-process");
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "sc-bench-apiserver-"));
  let info: ServerInfo;
  let stop: () => Promise<void>;
  if (inProcess) {
    const server = await startApiServer({ dataDir, port: 0, logger: pino({ level: "silent" }) });
    info = { url: server.url, adminToken: server.adminToken, caPem: server.caPem };
    stop = () => server.close();
  } else {
    const worker = new Worker(new URL(import.meta.url), { workerData: { dataDir } });
    info = await new Promise<ServerInfo>((resolve, reject) => {
      worker.once("message", resolve);
      worker.once("error", reject);
    });
    stop = async () => {
      const closed = new Promise((r) => worker.once("message", r));
      worker.postMessage("close");
      await closed;
      await worker.terminate();
    };
  }
  const client = new Client(info);
  try {
    console.log(`embedded API server at ${info.url} (${inProcess ? "same thread as the client" : "worker thread"})`);
    const patches = await benchPatches(client);
    console.log(`merge patches, one session:      ${patches.oneSession.perSecond}/s  (p50 ${patches.oneSession.latencyMs.p50} ms, p95 ${patches.oneSession.latencyMs.p95} ms)`);
    console.log(`merge patches, 1,000 sessions:   ${patches.across1000Sessions.perSecond}/s  (p50 ${patches.across1000Sessions.latencyMs.p50} ms, p95 ${patches.across1000Sessions.latencyMs.p95} ms)`);
    const watch = await benchWatch(client);
    console.log(`watch delivery to ${watch.watchers} watchers:  p50 ${watch.fromAckMs.p50} ms, p95 ${watch.fromAckMs.p95} ms after the patch ack (${watch.deliveries} deliveries, ${watch.missing} missing; from send p95 ${watch.fromPatchSendMs.p95} ms)`);
    const list = await benchList(client);
    console.log(`paged list of ${list.sessions} (limit=${list.limit}): p50 ${list.allPagesMs.p50} ms, p95 ${list.allPagesMs.p95} ms over ${list.requests} pages`);

    const worstPatch = Math.min(patches.oneSession.perSecond, patches.across1000Sessions.perSecond);
    const met = {
      patchesPerSecond: worstPatch >= TARGETS.patchesPerSecond,
      watchP95Ms: watch.fromAckMs.p95 <= TARGETS.watchP95Ms && watch.missing === 0,
      listP95Ms: list.allPagesMs.p95 <= TARGETS.listP95Ms,
    };
    for (const [k, v] of Object.entries(met)) console.log(`${v ? "meets " : "MISSES"} target ${k} (${TARGETS[k as keyof typeof TARGETS]})`);
    const result = {
      at: new Date().toISOString(),
      node: process.version,
      cpus: os.cpus().length,
      mode: inProcess ? "in-process" : "worker-thread",
      patches,
      watch,
      list,
      targets: TARGETS,
      met,
    };
    const out = path.join(import.meta.dirname, "results");
    mkdirSync(out, { recursive: true });
    writeFileSync(path.join(out, inProcess ? "apiserver-in-process.json" : "apiserver.json"), JSON.stringify(result, null, 2) + "\n");
    console.log(`written to ${path.join("bench/results", inProcess ? "apiserver-in-process.json" : "apiserver.json")}`);
  } finally {
    client.close();
    await stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
