import http from "node:http";
import type { AddressInfo } from "node:net";
import { KubeConfig } from "@kubernetes/client-node";
import { afterEach, describe, expect, it } from "vitest";
import { watchSessions, type SessionWatchSink } from "./session-watch";

// A scripted stand-in for the API server's watch endpoint: each request gets the next step.
type Step = (req: http.IncomingMessage, res: http.ServerResponse) => void;

const servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

async function fakeApi(watchSteps: Step[], listRv = "100") {
  const seen: string[] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    if (url.searchParams.get("watch") === "true") {
      seen.push(url.searchParams.get("resourceVersion") ?? "");
      const step = watchSteps.shift();
      if (step) return step(req, res);
      res.writeHead(200, { "Content-Type": "application/json" });
      return; // hold open
    }
    res.writeHead(200, { "Content-Type": "application/json" });
    res.end(JSON.stringify({ apiVersion: "vteam.ambient-code/v1alpha1", kind: "AgenticSessionList", metadata: { resourceVersion: listRv }, items: [] }));
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const kc = new KubeConfig();
  kc.loadFromClusterAndUser({ name: "fake", server: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, skipTLSVerify: true }, { name: "u", token: "t" });
  return { kc, seen };
}

const event = (type: string, name: string, rv: string) => JSON.stringify({ type, object: { metadata: { name, resourceVersion: rv }, spec: {} } }) + "\n";

function recorder() {
  const log: string[] = [];
  const sink: SessionWatchSink = {
    change: (type, s) => log.push(`${type} ${s.metadata.name}@${s.metadata.resourceVersion}`),
    progress: (rv) => log.push(`progress ${rv}`),
    reset: (rv) => log.push(`reset ${rv}`),
    state: (s) => log.push(`state ${s}`),
    fatal: (e) => log.push(`fatal ${e.code}`),
  };
  return { log, sink };
}

async function until(cond: () => boolean, ms = 5000) {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 10));
  }
}

const fast = { minBackoffMs: 10, maxBackoffMs: 50 };

describe("watchSessions", () => {
  it("resumes from the last resourceVersion after the server drops the stream", async () => {
    const { kc, seen } = await fakeApi([
      (_req, res) => {
        res.writeHead(200, { "Content-Type": "application/json" });
        res.write(event("ADDED", "a", "5"));
        res.end(event("MODIFIED", "a", "6"));
      },
      (_req, res) => {
        res.writeHead(200, { "Content-Type": "application/json" });
        res.write(event("MODIFIED", "a", "7"));
      },
    ]);
    const { log, sink } = recorder();
    const stop = watchSessions(kc, "demo", "4", sink, fast);
    await until(() => log.includes("MODIFIED a@7"));
    stop();
    expect(seen).toEqual(["4", "6"]);
    expect(log.filter((l) => !l.startsWith("state"))).toEqual(["ADDED a@5", "MODIFIED a@6", "MODIFIED a@7"]);
  });

  it("after 410 Expired re-reads the current version, reports a reset and watches on from it", async () => {
    const { kc, seen } = await fakeApi(
      [
        (_req, res) => {
          res.writeHead(200, { "Content-Type": "application/json" });
          res.end(JSON.stringify({ type: "ERROR", object: { kind: "Status", code: 410, reason: "Expired", message: "too old resource version: 3 (90)" } }) + "\n");
        },
        (_req, res) => {
          res.writeHead(200, { "Content-Type": "application/json" });
          res.write(event("MODIFIED", "b", "101"));
        },
      ],
      "100",
    );
    const { log, sink } = recorder();
    const stop = watchSessions(kc, "demo", "3", sink, fast);
    await until(() => log.includes("MODIFIED b@101"));
    stop();
    expect(seen).toEqual(["3", "100"]);
    expect(log).toContain("reset 100");
  });

  it("passes bookmarks on as progress and retries server errors with backoff", async () => {
    const { kc, seen } = await fakeApi([
      (_req, res) => {
        res.writeHead(500);
        res.end("boom");
      },
      (_req, res) => {
        res.writeHead(200, { "Content-Type": "application/json" });
        res.write(JSON.stringify({ type: "BOOKMARK", object: { metadata: { resourceVersion: "42" } } }) + "\n");
      },
    ]);
    const { log, sink } = recorder();
    const stop = watchSessions(kc, "demo", "40", sink, fast);
    await until(() => log.includes("progress 42"));
    stop();
    expect(seen).toEqual(["40", "40"]);
    expect(log.filter((l) => l.startsWith("state"))).toEqual(["state reconnecting", "state live"]);
  });

  it("stops for good on 403", async () => {
    const { kc } = await fakeApi([
      (_req, res) => {
        res.writeHead(403, { "Content-Type": "application/json" });
        res.end(JSON.stringify({ kind: "Status", code: 403, reason: "Forbidden" }));
      },
    ]);
    const { log, sink } = recorder();
    watchSessions(kc, "demo", "1", sink, fast);
    await until(() => log.some((l) => l.startsWith("fatal")));
    expect(log).toContain("fatal 403");
  });
});
