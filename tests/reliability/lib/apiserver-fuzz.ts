// Property-based fuzzing of the embedded API server over raw HTTPS: bad paths, names, bodies,
// patches, selectors, continue tokens and resourceVersions. Never a 5xx; every error a Status.
import https from "node:https";
import fc from "fast-check";
import type { RunningApiServer } from "@/local/apiserver/index";
import { fuzzSeed } from "./scale";
import { anyValue, badNames, contentTypes, deepJson, goodName, shapedBody, truncated, weirdString } from "./bad-input";

export interface ApiCase {
  method: string;
  path: string;
  query: Array<[string, string]>;
  contentType?: string;
  body?: string;
  as: "admin" | "demo" | "none" | "bad";
}

export interface ApiAnswer {
  status: number;
  /** True when the answer streamed past our read window (a watch), not a hang. */
  streaming: boolean;
  proxyUnavailable?: boolean;
  parserRejected?: boolean;
  problems: string[];
}

const SESSIONS = "/apis/vteam.ambient-code/v1alpha1";
const nsArb = fc.oneof({ arbitrary: fc.constantFrom("demo", "other", "default", "missing-ns"), weight: 4 }, { arbitrary: fc.constantFrom(...badNames), weight: 2 }, { arbitrary: weirdString, weight: 1 });
const nameArb = fc.oneof({ arbitrary: fc.constantFrom("s0", "s1", "fuzz-a", "missing"), weight: 4 }, { arbitrary: goodName, weight: 1 }, { arbitrary: fc.constantFrom(...badNames), weight: 2 }, { arbitrary: weirdString, weight: 1 });

/** Encode a path segment the way a client would, sometimes raw (so %-sequences and slashes arrive as typed). */
const seg = (s: string, raw: boolean) => (raw ? s.replace(/[^\x21-\x7e]/g, (c) => encodeURIComponent(c.toWellFormed())) : encodeURIComponent(s.toWellFormed()));

const pathArb: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom(
      `${SESSIONS}/namespaces/{ns}/agenticsessions`,
      `${SESSIONS}/namespaces/{ns}/agenticsessions/{name}`,
      `${SESSIONS}/namespaces/{ns}/agenticsessions/{name}/status`,
      `${SESSIONS}/namespaces/{ns}/agenticsessions/{name}/{name}`,
      `${SESSIONS}/agenticsessions`,
      "/api/v1/namespaces",
      "/api/v1/namespaces/{ns}",
      "/api/v1/namespaces/{ns}/events",
      "/api/v1/namespaces/{ns}/events/{name}",
      "/api/v1/namespaces/{ns}/services",
      "/api/v1/namespaces/{ns}/services/{name}",
      "/api/v1/namespaces/{ns}/services/{name}:{name}/proxy/{name}",
      "/api/v1/namespaces/{ns}/endpoints/{name}",
      "/api/v1/namespaces/{ns}/secrets/{name}",
      "/api/v1/namespaces/{ns}/{name}",
      "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews",
      "/apis/authorization.k8s.io/v1/selfsubjectrulesreviews",
      "/apis/authentication.k8s.io/v1/selfsubjectreviews",
      "/apis/{name}/{name}/{name}",
      "/apis/{name}",
      "/api",
      "/apis",
      "/version",
      "/openapi/v3",
      "/openapi/v2",
      "/{name}",
      "/api/v1/{name}/{name}",
      "//",
      "//{name}",
      "/apis/..//",
    ),
    nsArb,
    nameArb,
    fc.boolean(),
    fc.constantFrom("", "", "", "/", "//", "/..", "/%2e%2e/x", "%", "%zz", "?"),
  )
  .map(([tpl, ns, name, raw, tail]) => tpl.replace("{ns}", seg(ns, raw)).replaceAll("{name}", seg(name, raw)) + tail);

const selector = fc.oneof(
  fc.constantFrom("a=b", "a!=b", "a in (b,c)", "a notin (b)", "!a", "a", "a in (b", "a=", "=b", "a==b,c!=d", "a=b,,", "metadata.name=s0", "status.phase=Running", "involvedObject.name=s0", ",", "(", "a in ()", "a=b c", "ambient-code.io/managed=true", "x/y/z=1"),
  weirdString,
);
const rvArb = fc.oneof(fc.constantFrom("0", "1", "-1", "", "abc", "1.5", "99999999999999999999999", "18446744073709551616", "1e3", " 1", "0x10"), fc.nat().map(String));
const continueArb = fc.oneof(
  fc.constantFrom("", "x", "eyJ9", "e30", "eyJydiI6LTF9", Buffer.from('{"rv":1,"start":"zzz"}').toString("base64"), Buffer.from('{"rv":"x"}').toString("base64url"), Buffer.from("[1,2]").toString("base64"), "%%%"),
  fc.jsonValue({ maxDepth: 2 }).map((v) => Buffer.from(JSON.stringify(v)).toString("base64")),
  weirdString,
);
const queryArb = fc.array(
  fc.oneof(
    selector.map((v) => ["labelSelector", v] as [string, string]),
    selector.map((v) => ["fieldSelector", v] as [string, string]),
    rvArb.map((v) => ["resourceVersion", v] as [string, string]),
    fc.constantFrom("Exact", "NotOlderThan", "Bogus", "").map((v) => ["resourceVersionMatch", v] as [string, string]),
    continueArb.map((v) => ["continue", v] as [string, string]),
    fc.oneof(fc.constantFrom("0", "-1", "1", "500", "abc", "1e9", "99999999999999999999"), weirdString).map((v) => ["limit", v] as [string, string]),
    fc.constantFrom("true", "1", "false", "yes", "").map((v) => ["watch", v] as [string, string]),
    fc.constantFrom("0", "1", "-5", "abc", "99999999999").map((v) => ["timeoutSeconds", v] as [string, string]),
    fc.constantFrom("true", "false", "x").map((v) => ["allowWatchBookmarks", v] as [string, string]),
    fc.constantFrom("All", "None", "x", "").map((v) => ["dryRun", v] as [string, string]),
    fc.constantFrom("Foreground", "Background", "Orphan", "x").map((v) => ["propagationPolicy", v] as [string, string]),
    fc.oneof(fc.constantFrom("kubectl", ""), weirdString).map((v) => ["fieldManager", v] as [string, string]),
    fc.constantFrom("true", "false", "x").map((v) => ["force", v] as [string, string]),
    fc.tuple(fc.string({ maxLength: 8 }), weirdString),
  ),
  { maxLength: 4 },
);

const OBJECT_FIELDS = ["apiVersion", "kind", "metadata", "spec", "status", "items", "op", "path", "value"];
const objectBody: fc.Arbitrary<string> = fc
  .record({
    apiVersion: fc.oneof(fc.constantFrom("vteam.ambient-code/v1alpha1", "v1", "authorization.k8s.io/v1", "x/y"), weirdString),
    kind: fc.oneof(fc.constantFrom("AgenticSession", "Namespace", "Event", "Service", "SelfSubjectAccessReview", "Status"), weirdString),
    metadata: fc.oneof(
      fc.record(
        {
          name: fc.oneof(goodName, fc.constantFrom(...badNames), anyValue),
          generateName: fc.oneof(fc.constantFrom("g-", "G_", ""), anyValue),
          namespace: fc.oneof(fc.constantFrom("demo", "other"), anyValue),
          resourceVersion: fc.oneof(rvArb, anyValue),
          labels: fc.oneof(fc.dictionary(weirdString, weirdString, { maxKeys: 3 }), anyValue),
          annotations: fc.oneof(fc.dictionary(weirdString, anyValue, { maxKeys: 3 }), anyValue),
          finalizers: fc.oneof(fc.array(weirdString, { maxLength: 3 }), anyValue),
          uid: anyValue,
        },
        { requiredKeys: [] },
      ),
      anyValue,
    ),
    spec: fc.oneof(
      fc.record(
        {
          initialPrompt: anyValue,
          interactive: anyValue,
          timeout: anyValue,
          repos: fc.oneof(fc.array(fc.record({ url: anyValue, branch: anyValue }, { requiredKeys: [] }), { maxLength: 3 }), anyValue),
          llmSettings: fc.oneof(fc.record({ model: anyValue, temperature: anyValue, maxTokens: anyValue }, { requiredKeys: [] }), anyValue),
          resourceAttributes: fc.oneof(fc.record({ namespace: anyValue, verb: anyValue, group: anyValue, resource: anyValue, name: anyValue }, { requiredKeys: [] }), anyValue),
          namespace: anyValue,
          ports: anyValue,
        },
        { requiredKeys: [] },
      ),
      anyValue,
    ),
    status: fc.oneof(fc.record({ phase: anyValue, conditions: anyValue, observedGeneration: anyValue }, { requiredKeys: [] }), anyValue),
  }, { requiredKeys: [] })
  .map((o) => JSON.stringify(o));

const jsonPatch = fc
  .array(
    fc.record(
      {
        op: fc.oneof(fc.constantFrom("add", "remove", "replace", "move", "copy", "test"), weirdString),
        path: fc.oneof(fc.constantFrom("/spec/timeout", "/metadata/name", "/metadata/annotations/x", "/status/phase", "/spec/repos/-", "/spec/repos/99", "", "/", "~", "/metadata/resourceVersion", "/a~2b"), weirdString),
        from: fc.constantFrom("/spec", "/metadata/uid", "/nope"),
        value: anyValue,
      },
      { requiredKeys: ["op"] },
    ),
    { maxLength: 4 },
  )
  .map((o) => JSON.stringify(o));

const yamlBody = fc.constantFrom("a: [", "kind: AgenticSession\nmetadata: {name: y}\n", "- 1\n- 2", "!!binary x", "&a [*a]", "? : :", "a: !!js/function 'x'", "{{}}", "metadata:\n  name: Ok_No\n");

const bodyArb = fc.oneof(
  { arbitrary: fc.constant(undefined), weight: 1 },
  { arbitrary: objectBody, weight: 6 },
  { arbitrary: jsonPatch, weight: 3 },
  { arbitrary: fc.json({ maxDepth: 3 }), weight: 1 },
  { arbitrary: shapedBody(OBJECT_FIELDS), weight: 1 },
  { arbitrary: deepJson, weight: 1 },
  { arbitrary: truncated(objectBody), weight: 2 },
  { arbitrary: yamlBody, weight: 1 },
  { arbitrary: fc.integer({ min: 100_000, max: 3_500_000 }).map((n) => JSON.stringify({ apiVersion: "vteam.ambient-code/v1alpha1", kind: "AgenticSession", metadata: { name: "big" }, spec: { initialPrompt: "p".repeat(n) } })), weight: 1 },
  { arbitrary: fc.string({ unit: "binary", maxLength: 200 }), weight: 1 },
);

export const apiCaseArb: fc.Arbitrary<ApiCase> = fc.record({
  method: fc.constantFrom("GET", "GET", "POST", "POST", "PUT", "PATCH", "PATCH", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE", "PROPFIND"),
  path: pathArb,
  query: queryArb,
  contentType: contentTypes,
  body: bodyArb,
  as: fc.constantFrom("admin", "admin", "admin", "admin", "demo", "demo", "none", "bad"),
});

/** Send one case and judge the answer; watches are read for a moment, then dropped. */
export function sendCase(server: RunningApiServer, c: ApiCase, timeoutMs = 10_000): Promise<ApiAnswer> {
  const token = c.as === "admin" ? server.adminToken : c.as === "demo" ? server.demoToken : c.as === "bad" ? "not-a-token" : undefined;
  const qs = new URLSearchParams(c.query).toString();
  const payload = c.body === undefined ? undefined : Buffer.from(c.body.toWellFormed(), "utf8");
  return new Promise((resolve) => {
    let settled = false;
    const done = (a: ApiAnswer) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      resolve(a);
    };
    const req = https.request(
      `${server.url}${c.path}${qs ? `?${qs}` : ""}`,
      {
        method: c.method,
        ca: server.caPem,
        headers: {
          ...(token ? { Authorization: `Bearer ${token}` } : {}),
          ...(c.contentType !== undefined ? { "Content-Type": c.contentType } : {}),
          ...(payload ? { "Content-Length": String(payload.length) } : {}),
        },
      },
      (res) => {
        const status = res.statusCode ?? 0;
        const type = String(res.headers["content-type"] ?? "");
        const chunks: Buffer[] = [];
        let streamTimer: NodeJS.Timeout | undefined;
        const judge = (streaming: boolean) => {
          clearTimeout(streamTimer);
          const text = Buffer.concat(chunks).toString("utf8");
          done({ status, streaming, problems: judgeStatus(c, status, type, text, streaming), proxyUnavailable: isProxyUnavailable(c, status, text), parserRejected: rejectedByParser(c, status, text) });
        };
        // A 200 watch streams until its timeout: a short look is enough to see it started.
        if (status === 200 && (res.headers["transfer-encoding"] === "chunked" || !res.headers["content-length"])) streamTimer = setTimeout(() => judge(true), 300);
        res.on("data", (ch: Buffer) => chunks.push(ch));
        res.on("end", () => judge(false));
        res.on("error", () => judge(false));
      },
    );
    const timer = setTimeout(() => done({ status: 0, streaming: false, problems: [`no answer within ${timeoutMs} ms`] }), timeoutMs);
    req.on("error", (e) => done({ status: 0, streaming: false, problems: [`connection error: ${e.message}`] }));
    if (payload) req.write(payload);
    req.end();
  });
}

/** The wire rules: no 5xx, every error a meta/v1 Status whose code is the HTTP status. */
export function judgeStatus(c: ApiCase, status: number, type: string, text: string, streaming: boolean): string[] {
  const problems: string[] = [];
  if (status >= 500 && !isProxyUnavailable(c, status, text)) problems.push(`status ${status}: ${text.slice(0, 200)}`);
  // An over-long request line is refused by Node's HTTP parser before the API server sees it.
  if (rejectedByParser(c, status, text)) return problems;
  if (status >= 400 && c.method !== "HEAD") {
    let body: { kind?: string; code?: number; status?: string; reason?: string } | undefined;
    try {
      body = JSON.parse(text);
    } catch {
      problems.push(`error answer is not JSON (${type}): ${text.slice(0, 80)}`);
    }
    if (body) {
      if (body.kind !== "Status") problems.push(`error answer kind ${String(body.kind)}, not Status`);
      if (body.code !== status) problems.push(`Status code ${String(body.code)} ≠ HTTP ${status}`);
      if (body.status !== "Failure") problems.push(`Status status ${String(body.status)}`);
      if (typeof body.reason !== "string" || !body.reason) problems.push("Status without reason");
    }
  }
  // A watch's ERROR event must carry a Status too.
  if (status === 200 && text.includes('"type":"ERROR"')) {
    for (const line of text.split("\n")) {
      if (!line.includes('"type":"ERROR"')) continue;
      try {
        const ev = JSON.parse(line) as { object?: { kind?: string; code?: number } };
        if (ev.object?.kind !== "Status" || typeof ev.object.code !== "number") problems.push(`watch ERROR without a Status: ${line.slice(0, 120)}`);
        if ((ev.object?.code ?? 0) >= 500) problems.push(`watch ERROR ${ev.object?.code}`);
      } catch {
        if (!streaming) problems.push(`unparseable watch line: ${line.slice(0, 80)}`);
      }
    }
  }
  return problems;
}

/** The service proxy answers 503 ServiceUnavailable when no endpoint backs the service: the backend is down, not us. */
export function isProxyUnavailable(c: ApiCase, status: number, text: string): boolean {
  return status === 503 && /\/services\/[^/]+\/proxy(\/|$)/.test(c.path) && (c.method === "HEAD" || text.includes('"reason":"ServiceUnavailable"'));
}

const PARSER_LIMIT = 16 * 1024;
export function rejectedByParser(c: ApiCase, status: number, text: string): boolean {
  const length = c.path.length + new URLSearchParams(c.query).toString().length;
  return (status === 400 || status === 431) && text === "" && length > PARSER_LIMIT / 2;
}

export interface ApiFuzzFigures {
  /** Replay with FUZZ_SEED=<seed>. */
  seed: number;
  cases: number;
  byStatus: Record<string, number>;
  fiveXX: number;
  /** 503 from the service proxy for a service with no endpoints (Kubernetes does the same). */
  proxyUnavailable: number;
  /** Requests whose line was longer than Node's HTTP parser takes (refused before the API server). */
  parserRejected: number;
  watchesOpened: number;
  /** Cases that took more than 2 s: where the event loop was held. */
  slow: Array<{ ms: number; status: number; case: string }>;
  problems: Array<{ case: string; problems: string[] }>;
}

function describeCase(c: ApiCase): string {
  const cut = (v: string, n = 120) => (v.length > n ? `${v.slice(0, n)}…(${v.length})` : v);
  return JSON.stringify({ ...c, path: cut(c.path), query: c.query.map(([k, v]) => [cut(k, 20), cut(v, 60)]), body: c.body === undefined ? undefined : cut(c.body, 200) });
}

export async function fuzzApiServer(server: RunningApiServer, runs: number, seed = fuzzSeed()): Promise<ApiFuzzFigures> {
  const figures: ApiFuzzFigures = { seed, cases: 0, byStatus: {}, fiveXX: 0, proxyUnavailable: 0, parserRejected: 0, watchesOpened: 0, slow: [], problems: [] };
  await fc.check(
    fc.asyncProperty(apiCaseArb, async (c) => {
      const t0 = Date.now();
      const a = await sendCase(server, c);
      const ms = Date.now() - t0;
      if (ms > 2000 && figures.slow.length < 20) figures.slow.push({ ms, status: a.status, case: describeCase(c) });
      figures.cases++;
      figures.byStatus[a.status] = (figures.byStatus[a.status] ?? 0) + 1;
      if (a.proxyUnavailable) figures.proxyUnavailable++;
      else if (a.status >= 500) figures.fiveXX++;
      if (a.parserRejected) figures.parserRejected++;
      if (a.streaming) figures.watchesOpened++;
      if (a.problems.length && figures.problems.length < 50) {
        figures.problems.push({ case: describeCase(c), problems: a.problems });
      }
      return true;
    }),
    { numRuns: runs, seed },
  );
  return figures;
}
