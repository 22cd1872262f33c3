// Property-based fuzzing of every route handler under app/api (found on disk, so routes added later
// are fuzzed too), called in-process as Next calls them, against a real embedded API server.
import { readdirSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import fc from "fast-check";
import { NextRequest } from "next/server";
import { projectNameSchema, sessionNameSchema } from "@/lib/session/schemas";
import { fuzzSeed } from "./scale";
import { badNames, badUrls, bodies, contentTypes, fieldName, goodName, weirdString, withValue } from "./bad-input";

export const ROOT = path.resolve(import.meta.dirname, "../../..");
const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"] as const;
type Method = (typeof METHODS)[number];

type Handler = (req: NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

export interface RouteHandler {
  /** `/api/projects/[project]/sessions` */
  template: string;
  params: string[];
  method: Method;
  handler: Handler;
}

export interface Callers {
  admin: string;
  demo: string;
}

/** Every `app/api/**\/route.ts` and the methods it exports. */
export async function discoverHandlers(): Promise<RouteHandler[]> {
  const apiDir = path.join(ROOT, "app", "api");
  const files = (readdirSync(apiDir, { recursive: true }) as string[]).filter((f) => f.endsWith(`${path.sep}route.ts`) || f === "route.ts").sort();
  const out: RouteHandler[] = [];
  for (const rel of files) {
    const template = `/api/${path.dirname(rel).split(path.sep).join("/")}`.replace(/\/\.$/, "");
    const params = [...template.matchAll(/\[(\w+)\]/g)].map((m) => m[1]);
    const mod = (await import(pathToFileURL(path.join(apiDir, rel)).href)) as Record<string, unknown>;
    for (const method of METHODS) {
      if (typeof mod[method] === "function") out.push({ template, params, method, handler: mod[method] as Handler });
    }
  }
  return out;
}

export interface FuzzCase {
  params: Record<string, string>;
  query: Array<[string, string]>;
  contentType?: string;
  body?: string;
  as: "admin" | "demo" | "none" | "bad";
  lastEventId?: string;
}

export interface CaseResult {
  status: number;
  body: unknown;
  problems: string[];
}

const QUERY_KEYS = ["limit", "continue", "phase", "q", "url", "path", "resourceVersion", "watch", "names", "sort", "project", "since", "labelSelector"];
const BODY_FIELDS = [
  "name", "displayName", "initialPrompt", "prompt", "interactive", "repos", "activeWorkflow", "llmSettings", "timeout", "autoPushOnComplete",
  "text", "url", "branch", "gitUrl", "path", "token", "names", "sessions", "action", "userContext", "metadata", "spec", "status",
];

function paramArb(param: string, existing: Record<string, string[]>): fc.Arbitrary<string> {
  return fc.oneof(
    { arbitrary: fc.constantFrom(...(existing[param] ?? ["demo"])), weight: 4 },
    { arbitrary: goodName, weight: 1 },
    { arbitrary: fc.constantFrom(...badNames), weight: 2 },
    { arbitrary: weirdString, weight: 1 },
  );
}

export function caseArb(route: RouteHandler, existing: Record<string, string[]>): fc.Arbitrary<FuzzCase> {
  const params = fc.record(Object.fromEntries(route.params.map((p) => [p, paramArb(p, existing)])) as Record<string, fc.Arbitrary<string>>);
  const query = fc.array(fc.tuple(fc.oneof(fc.constantFrom(...QUERY_KEYS), fc.string({ maxLength: 6 })), fc.oneof(weirdString, fc.constantFrom(...badUrls), fc.constantFrom("1", "50", "501", "0", "-5", "2.5", "Running", "Running,Bogus", "true"))), { maxLength: 4 });
  const hasBody = route.method !== "GET" && route.method !== "HEAD";
  const sample = JSON.stringify(SAMPLES[`${route.method} ${route.template}`] ?? { name: "x" });
  return fc.record({
    params,
    query,
    contentType: hasBody ? contentTypes : fc.constant(undefined),
    body: hasBody ? bodies(BODY_FIELDS, sample) : fc.constant(undefined),
    as: fc.constantFrom("admin", "admin", "admin", "admin", "admin", "demo", "demo", "none", "bad"),
    lastEventId: fc.option(fc.oneof(fc.constantFrom("0", "1", "99999999999999999999", "-1", "abc", "1e3"), fc.stringMatching(/^[!-~]{0,30}$/)), { nil: undefined }),
  }) as fc.Arbitrary<FuzzCase>;
}

function urlFor(template: string, params: Record<string, string>, query: Array<[string, string]>): URL {
  const p = template.replace(/\[(\w+)\]/g, (_, k: string) => encodeURIComponent((params[k] ?? "").toWellFormed()));
  const url = new URL(`http://localhost:3000${p}`);
  for (const [k, v] of query) url.searchParams.append(k, v);
  return url;
}

/** Check one answer against the console's rules: no 5xx, errors as `{error:{code,reason,message,field?}}`. */
export async function judge(res: Response): Promise<CaseResult> {
  const problems: string[] = [];
  const type = res.headers.get("content-type") ?? "";
  let body: unknown;
  if (type.includes("text/event-stream")) {
    await res.body?.cancel().catch(() => undefined);
  } else {
    const text = await res.text();
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = text.slice(0, 200);
    }
  }
  if (res.status >= 500) problems.push(`status ${res.status}`);
  if (res.status >= 400) {
    const e = (body as { error?: { code?: unknown; reason?: unknown; message?: unknown; field?: unknown; causes?: Array<{ field?: string }> } })?.error;
    if (!type.includes("application/json")) problems.push(`error answer is ${type || "untyped"}, not JSON`);
    if (!e) problems.push("error body has no `error`");
    else {
      if (e.code !== res.status) problems.push(`error.code ${String(e.code)} ≠ status ${res.status}`);
      if (typeof e.reason !== "string" || !e.reason) problems.push("error.reason missing");
      if (typeof e.message !== "string" || !e.message) problems.push("error.message missing");
      // A cause with a field means a field is at fault: the body must name it.
      if (e.causes?.some((c) => c.field) && !e.field) problems.push("causes name a field but error.field is missing");
    }
  }
  return { status: res.status, body, problems };
}

export async function callHandler(route: RouteHandler, c: FuzzCase, callers: Callers, timeoutMs = 15_000): Promise<CaseResult> {
  const headers = new Headers();
  const token = c.as === "admin" ? callers.admin : c.as === "demo" ? callers.demo : c.as === "bad" ? "bad-token-0000" : undefined;
  if (token) headers.set("x-forwarded-access-token", token);
  if (c.contentType !== undefined) headers.set("content-type", c.contentType);
  if (c.lastEventId !== undefined) headers.set("last-event-id", c.lastEventId);
  const abort = new AbortController();
  const req = new NextRequest(urlFor(route.template, c.params, c.query), { method: route.method, headers, body: c.body, signal: abort.signal });
  let timer: NodeJS.Timeout | undefined;
  try {
    const res = await Promise.race([
      route.handler(req, { params: Promise.resolve(c.params) }),
      new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs))),
    ]);
    return await judge(res);
  } catch (e) {
    // A handler that throws is a 500 from Next.
    return { status: 500, body: undefined, problems: [`threw: ${(e as Error).message}`] };
  } finally {
    clearTimeout(timer);
    abort.abort();
  }
}

// --- targeted cases: one field of an otherwise valid body made wrong; the answer must name it -------

/** Valid bodies per `METHOD template`, the starting point for targeted mutations. */
export const SAMPLES: Record<string, Record<string, unknown>> = {
  "POST /api/projects": { name: "fuzz-team", displayName: "Fuzz team" },
  "POST /api/projects/[project]/sessions": {
    initialPrompt: "fix the bug",
    displayName: "Fuzz",
    interactive: true,
    repos: [{ url: "https://github.com/org/repo", branch: "main" }],
    activeWorkflow: { gitUrl: "https://github.com/org/wf", branch: "main", path: "workflows/fix" },
    llmSettings: { model: "claude-3-7-sonnet-latest", temperature: 0.5, maxTokens: 1000 },
    timeout: 300,
    autoPushOnComplete: false,
  },
  "POST /api/projects/[project]/sessions/[name]/messages": { text: "hello" },
  "POST /api/projects/[project]/sessions/[name]/repos": { url: "https://github.com/org/repo2", branch: "main" },
  "PUT /api/projects/[project]/sessions/[name]/workflow": { activeWorkflow: { gitUrl: "https://github.com/org/wf", branch: "main", path: "w" } },
  "POST /api/projects/[project]/sessions/[name]/clone": { name: "fuzz-clone", displayName: "Copy" },
  "POST /api/projects/[project]/sessions/[name]/continue-as-new": { name: "fuzz-cont", displayName: "Continued" },
};

const notString = fc.constantFrom<unknown>(5, true, null, [], {}, ["x"]);
const badText = (max: number) => fc.oneof(notString, fc.constantFrom("", "   ", "x".repeat(max + 1)));
const badNumber = (min: number, max: number, int: boolean) =>
  fc.oneof(fc.constantFrom<unknown>("12", null, true, [], {}, min - 1, max + 1, Number.MAX_SAFE_INTEGER * 10), int ? fc.constant(min + 0.5) : fc.constant(NaN));
const badUrl = fc.oneof(notString, fc.constantFrom(...badUrls));
const badBranch = fc.oneof(fc.constantFrom<unknown>(5, [], "a..b", "x y", "/lead", "end/", "a@{b", "x.lock", "b\u0000"));
const badNewName = fc.oneof(notString, fc.constantFrom(...badNames.filter((n) => n !== "" && n !== "null")), fc.constant("a".repeat(41)));

/** Which field to break, how, and the `error.field` the answer must carry. */
export const TARGETS: Record<string, Array<{ at: Array<string | number>; bad: fc.Arbitrary<unknown> }>> = {
  "POST /api/projects": [
    { at: ["name"], bad: fc.oneof(notString, fc.constantFrom(...badNames.filter((n) => n !== "null"))) },
    { at: ["displayName"], bad: fc.oneof(fc.constantFrom<unknown>(5, [], {}), fc.constant("d".repeat(254))) },
  ],
  "POST /api/projects/[project]/sessions": [
    { at: ["initialPrompt"], bad: badText(100_000) },
    { at: ["displayName"], bad: fc.oneof(fc.constantFrom<unknown>(5, [], {}), fc.constant("d".repeat(254))) },
    { at: ["interactive"], bad: fc.constantFrom<unknown>("yes", 1, null, []) },
    { at: ["timeout"], bad: badNumber(1, 86_400, true) },
    { at: ["autoPushOnComplete"], bad: fc.constantFrom<unknown>("no", 0, []) },
    { at: ["repos"], bad: fc.constantFrom<unknown>("x", 5, {}, Array.from({ length: 21 }, () => ({ url: "https://github.com/o/r" }))) },
    { at: ["repos", 0, "url"], bad: badUrl },
    { at: ["repos", 0, "branch"], bad: badBranch },
    { at: ["activeWorkflow", "gitUrl"], bad: badUrl },
    { at: ["activeWorkflow", "path"], bad: fc.constantFrom<unknown>("../up", "/abs", "a/../../b", 5) },
    { at: ["llmSettings", "model"], bad: fc.constantFrom<unknown>("", "   ", 5, "m".repeat(201)) },
    { at: ["llmSettings", "temperature"], bad: badNumber(0, 2, false) },
    { at: ["llmSettings", "maxTokens"], bad: badNumber(1, 200_000, true) },
    { at: ["name"], bad: badNewName },
  ],
  "POST /api/projects/[project]/sessions/[name]/messages": [{ at: ["text"], bad: badText(100_000) }],
  "POST /api/projects/[project]/sessions/[name]/repos": [
    { at: ["url"], bad: badUrl },
    { at: ["branch"], bad: badBranch },
  ],
  "PUT /api/projects/[project]/sessions/[name]/workflow": [
    { at: ["activeWorkflow"], bad: fc.constantFrom<unknown>("x", 5, []) },
    { at: ["activeWorkflow", "gitUrl"], bad: badUrl },
    { at: ["activeWorkflow", "path"], bad: fc.constantFrom<unknown>("../up", "/abs") },
  ],
  "POST /api/projects/[project]/sessions/[name]/clone": [
    { at: ["name"], bad: badNewName },
    { at: ["displayName"], bad: fc.oneof(fc.constantFrom<unknown>(5, []), fc.constant("d".repeat(254))) },
  ],
  "POST /api/projects/[project]/sessions/[name]/continue-as-new": [{ at: ["name"], bad: badNewName }],
};

export interface TargetedCase {
  kind: "body" | "param" | "query";
  key: string;
  field: string;
  value: unknown;
  params: Record<string, string>;
  body?: string;
  query?: Array<[string, string]>;
}

/** Targeted body cases for one handler: a valid sample with one field broken. */
export function bodyTargets(route: RouteHandler, params: Record<string, string>): fc.Arbitrary<TargetedCase> | undefined {
  const key = `${route.method} ${route.template}`;
  const targets = TARGETS[key];
  const sample = SAMPLES[key];
  if (!targets || !sample) return undefined;
  return fc.oneof(
    ...targets.map((t) => t.bad.map((value) => ({ kind: "body" as const, key, field: fieldName(t.at), value, params, body: JSON.stringify(withValue(sample, t.at, value)) }))),
  );
}

/** Targeted param cases: each path parameter made an invalid name in turn; the answer must name it. */
export function paramTargets(route: RouteHandler, valid: Record<string, string>): fc.Arbitrary<TargetedCase> | undefined {
  if (route.params.length === 0) return undefined;
  const key = `${route.method} ${route.template}`;
  const sample = SAMPLES[key];
  // Only values that really are bad for that parameter ("a" × 64 is a fine session name, not a project).
  const badFor = (p: string) => badNames.filter((n) => n !== "" && !(p === "name" ? sessionNameSchema : projectNameSchema).safeParse(n).success);
  return fc
    .constantFrom(...route.params)
    .chain((p) => fc.tuple(fc.constant(p), fc.constantFrom(...badFor(p))))
    .map(([p, bad]) => ({ kind: "param" as const, key, field: p, value: bad, params: { ...valid, [p]: bad }, ...(sample ? { body: JSON.stringify(sample) } : {}) }));
}

/** Targeted query cases for handlers that read query values we know. */
export const QUERY_TARGETS: Record<string, Array<{ key: string; bad: string[] }>> = {
  "GET /api/projects/[project]/sessions": [
    { key: "limit", bad: ["0", "-1", "501", "abc", "2.5", "1e309"] },
    { key: "phase", bad: ["Bogus", "Running,Nope"] },
    { key: "q", bad: ["q".repeat(201)] },
    { key: "continue", bad: ["c".repeat(4097)] },
  ],
};

export function queryTargets(route: RouteHandler, valid: Record<string, string>): fc.Arbitrary<TargetedCase> | undefined {
  const key = `${route.method} ${route.template}`;
  const targets = QUERY_TARGETS[key];
  if (!targets) return undefined;
  return fc.oneof(...targets.map((t) => fc.constantFrom(...t.bad).map((bad) => ({ kind: "query" as const, key, field: t.key, value: bad, params: valid, query: [[t.key, bad]] as Array<[string, string]> }))));
}

/**
 * Body and query targets must be answered 4xx naming that field (or one inside it). A bad path
 * parameter may lose to a check that runs first (415 for a missing body, 404), but a 400 must name
 * a field.
 */
function isNamed(t: TargetedCase, status: number, field: string | undefined): boolean {
  if (status < 400 || status >= 500) return false;
  if (t.kind === "param") return (status !== 400 && status !== 422) || !!field;
  return field !== undefined && (field === t.field || field.startsWith(`${t.field}.`) || field.startsWith(`${t.field}[`));
}

export interface RouteFuzzFigures {
  /** Replay with FUZZ_SEED=<seed>. */
  seed: number;
  handlers: number;
  routes: string[];
  cases: number;
  byStatus: Record<string, number>;
  fiveXX: number;
  problems: Array<{ route: string; case: string; problems: string[] }>;
  targetedCases: number;
  targetedMisses: Array<{ route: string; field: string; value: string; status: number; got?: string }>;
}

const short = (v: unknown) => {
  const s = typeof v === "string" ? v : JSON.stringify(v) ?? String(v);
  return s.length > 160 ? `${s.slice(0, 160)}…(${s.length})` : s;
};

/** Fuzz every handler: `runs` random cases each, then `targetedRuns` targeted cases per kind. */
export async function fuzzRoutes(opts: {
  callers: Callers;
  existing: Record<string, string[]>;
  runs: number;
  targetedRuns: number;
  seed?: number;
  /** Routes whose params the targeted cases should use (an existing session and project). */
  validParams: Record<string, string>;
}): Promise<RouteFuzzFigures> {
  const handlers = await discoverHandlers();
  const seed = opts.seed ?? fuzzSeed();
  const figures: RouteFuzzFigures = { seed, handlers: handlers.length, routes: [], cases: 0, byStatus: {}, fiveXX: 0, problems: [], targetedCases: 0, targetedMisses: [] };
  const record = (route: RouteHandler, c: unknown, r: CaseResult) => {
    figures.cases++;
    figures.byStatus[r.status] = (figures.byStatus[r.status] ?? 0) + 1;
    if (r.status >= 500) figures.fiveXX++;
    if (r.problems.length && figures.problems.length < 50) figures.problems.push({ route: `${route.method} ${route.template}`, case: short(c), problems: r.problems });
  };
  for (const route of handlers) {
    figures.routes.push(`${route.method} ${route.template}`);
    // fc.check without shrinking: every case is tried and counted, failures are collected.
    await fc.check(
      fc.asyncProperty(caseArb(route, opts.existing), async (c) => {
        record(route, c, await callHandler(route, c, opts.callers));
        return true;
      }),
      { numRuns: opts.runs, seed },
    );
    const valid = Object.fromEntries(route.params.map((p) => [p, opts.validParams[p] ?? "demo"]));
    for (const arb of [bodyTargets(route, valid), paramTargets(route, valid), queryTargets(route, valid)]) {
      if (!arb) continue;
      await fc.check(
        fc.asyncProperty(arb, async (t) => {
          const c: FuzzCase = { params: t.params, query: t.query ?? [], as: "admin", ...(t.body !== undefined ? { body: t.body, contentType: "application/json" } : {}) };
          const r = await callHandler(route, c, opts.callers);
          record(route, c, r);
          figures.targetedCases++;
          const field = (r.body as { error?: { field?: string } })?.error?.field;
          // 4xx naming the broken field (or a field inside it); a 404 for a bad name in the path is fine too.
          const named = isNamed(t, r.status, field);
          if (!named && figures.targetedMisses.length < 60) figures.targetedMisses.push({ route: t.key, field: t.field, value: short(t.value), status: r.status, ...(field ? { got: field } : {}) });
          return true;
        }),
        { numRuns: opts.targetedRuns, seed },
      );
    }
  }
  return figures;
}
