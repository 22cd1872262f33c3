// HTTP layer: path parsing (kube-apiserver's request-info rules), authentication, authorization,
// discovery, the REST verbs, watch streams, self reviews and the service proxy.
import type { IncomingMessage, ServerResponse } from "node:http";
import http from "node:http";
import type { Logger } from "pino";
import { parse as parseYaml } from "yaml";
import type { Attributes, Authenticator, Authorizer, User } from "./auth";
import { Objects, type DeleteOptions, type Obj } from "./objects";
import { ALL_VERBS, apiVersionOf, type Registry, type ResourceDef } from "./registry";
import { ApiError, errors } from "./status";
import { toTable, wantsTable, type IncludeObject } from "./table";
import { matches, type WatchHub } from "./watch-hub";

export const SERVER_VERSION = { major: "1", minor: "32", gitVersion: "v1.32.0+session-console", platform: `${process.platform}/${process.arch}` };
const MAX_BODY_BYTES = 3 * 1024 * 1024;

const REVIEW_GROUPS: Record<string, { version: string; resources: Array<{ name: string; kind: string }> }> = {
  "authorization.k8s.io": {
    version: "v1",
    resources: [
      { name: "selfsubjectaccessreviews", kind: "SelfSubjectAccessReview" },
      { name: "selfsubjectrulesreviews", kind: "SelfSubjectRulesReview" },
    ],
  },
  "authentication.k8s.io": { version: "v1", resources: [{ name: "selfsubjectreviews", kind: "SelfSubjectReview" }] },
};

type Route =
  | { kind: "nonResource"; path: string }
  | { kind: "resource"; group: string; version: string; plural: string; namespace?: string; name?: string; subresource?: string }
  | { kind: "proxy"; namespace: string; service: string; port?: string; rest: string };

/** A malformed %-escape in the path is the client's mistake: 400, not a 500 from URIError. */
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw errors.badRequest(`malformed path segment: ${segment.slice(0, 100)}`);
  }
}

/** Split a path into what it addresses, following kube-apiserver's RequestInfo rules. */
export function parseRoute(pathname: string): Route {
  const parts = pathname.split("/").filter(Boolean).map(decodeSegment);
  let i: number;
  let group: string;
  let version: string;
  if (parts[0] === "api" && parts.length >= 3) {
    group = "";
    version = parts[1];
    i = 2;
  } else if (parts[0] === "apis" && parts.length >= 4) {
    group = parts[1];
    version = parts[2];
    i = 3;
  } else return { kind: "nonResource", path: pathname };
  let rest = parts.slice(i);
  let namespace: string | undefined;
  if (rest[0] === "namespaces" && rest.length > 1) {
    namespace = rest[1];
    if (rest.length > 2 && !["status", "finalize"].includes(rest[2])) rest = rest.slice(2);
  }
  if (group === "" && namespace !== undefined && rest[0] === "services" && rest[2] === "proxy" && rest[1]) {
    const [service, port] = rest[1].split(":");
    const full = pathname.split("/").filter((_, idx) => idx > 0);
    // Keep the proxied path raw (encoded) after `proxy/`.
    const rawRest = "/" + full.slice(full.indexOf("proxy") + 1).join("/");
    return { kind: "proxy", namespace, service, port, rest: rawRest };
  }
  const [plural, name, subresource] = rest;
  if (plural === "namespaces") return { kind: "resource", group, version, plural, name: namespace ?? name, subresource: namespace ? rest[2] : subresource };
  return { kind: "resource", group, version, plural, namespace, name, subresource };
}

/** Protobuf bytes of gnostic's openapi_v2.Document {swagger: "2.0", info: {title, version}, paths: {}}. */
export function minimalOpenApiV2Protobuf(version: string): Buffer {
  const field = (num: number, payload: Buffer) => Buffer.concat([Buffer.from([(num << 3) | 2, payload.length]), payload]);
  const info = Buffer.concat([field(1, Buffer.from("Kubernetes")), field(2, Buffer.from(version))]);
  return Buffer.concat([field(1, Buffer.from("2.0")), field(2, info), field(8, Buffer.alloc(0))]);
}

function send(res: ServerResponse, code: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(code, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text), "Cache-Control": "no-cache, private" });
  res.end(text);
}

function sendError(res: ServerResponse, e: ApiError): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  send(res, e.code, e.toStatus());
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw errors.tooLarge(`Request entity too large: limit is ${MAX_BODY_BYTES}`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** Deeper than any real object: past it, recursive code (stringify, validation) would overflow the stack. */
const MAX_NESTING = 256;

/** Deepest `[`/`{` nesting of JSON (or flow-style YAML) text, strings skipped; a scan, not a recursion. */
export function nestingDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) max = Math.max(max, ++depth);
    else if (c === 125 || c === 93) depth--;
  }
  return max;
}

function checkNesting(text: string): void {
  if (nestingDepth(text) > MAX_NESTING) throw errors.badRequest(`the body nests deeper than ${MAX_NESTING} levels`);
}

function parseDocument(text: string, contentType: string | undefined): unknown {
  if (!text.trim()) throw errors.badRequest("the request body is empty");
  checkNesting(text);
  try {
    if (contentType && /yaml/.test(contentType)) return parseYaml(text);
    return JSON.parse(text);
  } catch (e) {
    throw errors.badRequest(`the body of the request could not be decoded: ${(e as Error).message.split("\n")[0]}`);
  }
}

function verbOf(method: string, route: { name?: string }, watch: boolean): string {
  switch (method) {
    case "GET":
    case "HEAD":
      return route.name ? (watch ? "watch" : "get") : watch ? "watch" : "list";
    case "POST":
      return "create";
    case "PUT":
      return "update";
    case "PATCH":
      return "patch";
    case "DELETE":
      return route.name ? "delete" : "deletecollection";
    default:
      return method.toLowerCase();
  }
}

function forbiddenMessage(a: Attributes, def?: { plural: string; group: string }): string {
  if (a.path !== undefined) return `forbidden: User "${a.user.name}" cannot ${a.verb.toLowerCase()} path "${a.path}"`;
  const res = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  const q = def ? (def.group ? `${def.plural}.${def.group}` : def.plural) : a.resource;
  const scope = a.namespace ? `in the namespace "${a.namespace}"` : "at the cluster scope";
  return `${q}${a.name ? ` "${a.name}"` : ""} is forbidden: User "${a.user.name}" cannot ${a.verb} resource "${res}" in API group "${a.apiGroup ?? ""}" ${scope}`;
}

export interface ServerDeps {
  objects: Objects;
  registry: Registry;
  hub: WatchHub;
  authn: Authenticator;
  authz: Authorizer;
  log: Logger;
  /** How often watches that allow bookmarks get one. Default 10 s (client-node aborts after 30 s of silence). */
  bookmarkIntervalMs?: number;
}

export function createRequestHandler(deps: ServerDeps) {
  const { objects, registry, hub, authn, authz, log } = deps;
  const open = new Set<ServerResponse>();

  function discoveryResources(group: string, version: string) {
    const review = REVIEW_GROUPS[group];
    if (review && review.version === version)
      return review.resources.map((r) => ({ name: r.name, singularName: "", namespaced: false, kind: r.kind, verbs: ["create"] }));
    const defs = registry.resources.filter((r) => r.group === group && r.version === version);
    return defs.flatMap((r) => [
      { name: r.plural, singularName: r.singular, namespaced: r.namespaced, kind: r.kind, verbs: ALL_VERBS, ...(r.shortNames.length ? { shortNames: r.shortNames } : {}), ...(r.custom ? { categories: ["all"] } : {}) },
      ...(r.hasStatus ? [{ name: `${r.plural}/status`, singularName: "", namespaced: r.namespaced, kind: r.kind, verbs: ["get", "patch", "update"] }] : []),
      ...(r.plural === "services" ? [{ name: "services/proxy", singularName: "", namespaced: true, kind: "ServiceProxyOptions", verbs: ["create", "delete", "get", "patch", "update"] }] : []),
    ]);
  }

  function nonResource(path: string, res: ServerResponse, host: string, accept: string): void {
    const p = path.replace(/\/+$/, "") || "/";
    if (p === "/version") return send(res, 200, { ...SERVER_VERSION, gitCommit: "", gitTreeState: "clean", buildDate: "", goVersion: process.version, compiler: "node" });
    if (p === "/healthz" || p === "/livez" || p === "/readyz") {
      res.writeHead(200, { "Content-Type": "text/plain" });
      return void res.end("ok");
    }
    if (p === "/openapi/v2") return openApiV2(res, accept);
    if (p === "/api") return send(res, 200, { kind: "APIVersions", versions: ["v1"], serverAddressByClientCIDRs: [{ clientCIDR: "0.0.0.0/0", serverAddress: host }] });
    if (p === "/apis") {
      const groups = [...registry.groups(), ...Object.entries(REVIEW_GROUPS).map(([name, g]) => ({ name, versions: [g.version] }))];
      return send(res, 200, {
        kind: "APIGroupList",
        apiVersion: "v1",
        groups: groups.map((g) => ({
          name: g.name,
          versions: g.versions.map((v) => ({ groupVersion: `${g.name}/${v}`, version: v })),
          preferredVersion: { groupVersion: `${g.name}/${g.versions[0]}`, version: g.versions[0] },
        })),
      });
    }
    const m = /^\/(?:api\/(v1)|apis\/([^/]+)\/([^/]+))$/.exec(p);
    if (m) {
      const group = m[2] ?? "";
      const version = m[1] ?? m[3];
      const resources = discoveryResources(group, version);
      if (!resources.length) throw new ApiError(404, "NotFound", "the server could not find the requested resource");
      return send(res, 200, { kind: "APIResourceList", apiVersion: "v1", groupVersion: group ? `${group}/${version}` : version, resources });
    }
    if (/^\/apis\/[^/]+$/.test(p)) {
      const name = p.split("/")[2];
      const g = [...registry.groups(), ...Object.entries(REVIEW_GROUPS).map(([n, x]) => ({ name: n, versions: [x.version] }))].find((x) => x.name === name);
      if (g)
        return send(res, 200, {
          kind: "APIGroup",
          apiVersion: "v1",
          name: g.name,
          versions: g.versions.map((v) => ({ groupVersion: `${g.name}/${v}`, version: v })),
          preferredVersion: { groupVersion: `${g.name}/${g.versions[0]}`, version: g.versions[0] },
        });
    }
    throw new ApiError(404, "NotFound", "the server could not find the requested resource");
  }

  /**
   * kubectl's client-side validation downloads the OpenAPI v2 document (as protobuf) before apply.
   * A document with no definitions makes it skip schema checks for our kinds; the server validates
   * every object against the CRD schema anyway. JSON clients get the CRD schemas as definitions.
   */
  function openApiV2(res: ServerResponse, accept: string): void {
    if (accept.includes("protobuf")) {
      const body = minimalOpenApiV2Protobuf(SERVER_VERSION.gitVersion);
      res.writeHead(200, { "Content-Type": "application/com.github.proto-openapi.spec.v2.v1.0+protobuf", "Content-Length": body.length });
      return void res.end(body);
    }
    const definitions = Object.fromEntries(
      registry.resources
        .filter((r) => r.schema)
        .map((r) => [
          `${r.group.split(".").reverse().join(".")}.${r.version}.${r.kind}`,
          { ...r.schema, "x-kubernetes-group-version-kind": [{ group: r.group, version: r.version, kind: r.kind }] },
        ]),
    );
    send(res, 200, { swagger: "2.0", info: { title: "Kubernetes", version: SERVER_VERSION.gitVersion }, paths: {}, definitions });
  }

  function review(user: User, route: { group: string; plural: string }, body: unknown): { code: number; body: unknown } {
    const b = (typeof body === "object" && body !== null ? body : {}) as { spec?: Record<string, unknown>; metadata?: unknown };
    const spec = (b.spec ?? {}) as Record<string, Record<string, string> | string | undefined>;
    const userInfo = { username: user.name, uid: user.uid, groups: user.groups };
    const base = { apiVersion: `${route.group}/v1`, metadata: { creationTimestamp: null } };
    if (route.plural === "selfsubjectreviews") return { code: 201, body: { ...base, kind: "SelfSubjectReview", status: { userInfo } } };
    if (route.plural === "selfsubjectrulesreviews") {
      const namespace = typeof spec.namespace === "string" ? spec.namespace : "";
      return { code: 201, body: { ...base, kind: "SelfSubjectRulesReview", spec: { namespace }, status: authz.rulesFor(user, namespace) } };
    }
    const ra = spec.resourceAttributes as Record<string, string> | undefined;
    const nra = spec.nonResourceAttributes as Record<string, string> | undefined;
    if (!ra && !nra)
      throw errors.invalid("SelfSubjectAccessReview", "authorization.k8s.io", "", [{ reason: "FieldValueRequired", field: "spec.resourceAttributes", message: "exactly one of nonResourceAttributes or resourceAttributes must be specified" }]);
    const attrs: Attributes = ra
      ? { user, verb: ra.verb ?? "", resource: ra.resource ?? "", subresource: ra.subresource, apiGroup: ra.group ?? "", namespace: ra.namespace ?? "", name: ra.name }
      : { user, verb: nra!.verb ?? "", path: nra!.path ?? "" };
    const allowed = authz.allows(attrs);
    return { code: 201, body: { ...base, kind: "SelfSubjectAccessReview", spec, status: { allowed, ...(allowed ? {} : { reason: "no ABAC policy matched" }) } } };
  }

  function proxy(req: IncomingMessage, res: ServerResponse, route: Extract<Route, { kind: "proxy" }>, search: string): void {
    const epDef = registry.find("", "v1", "endpoints")!;
    const ep = objects.tryGet(epDef, route.namespace, route.service) as (Obj & { subsets?: Array<{ addresses?: Array<{ ip: string }>; ports?: Array<{ name?: string; port: number }> }> }) | undefined;
    const subset = ep?.subsets?.find((s) => s.addresses?.length && s.ports?.length);
    if (!subset) throw errors.unavailable(`no endpoints available for service "${route.service}"`);
    const port = subset.ports!.find((p) => !route.port || p.name === route.port || String(p.port) === route.port) ?? (route.port ? undefined : subset.ports![0]);
    if (!port) throw errors.unavailable(`no endpoints available for service "${route.service}:${route.port}"`);
    const headers = { ...req.headers };
    delete headers.authorization;
    delete headers.host;
    const upstream = http.request(
      { host: subset.addresses![0].ip, port: port.port, method: req.method, path: route.rest + search, headers: { ...headers, host: `${subset.addresses![0].ip}:${port.port}` } },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on("error", (e) => sendError(res, errors.unavailable(`error trying to reach service: ${e.message}`)));
    req.pipe(upstream);
  }

  function watch(req: IncomingMessage, res: ServerResponse, def: ResourceDef, namespace: string | undefined, url: URL, table: boolean, nameFilter?: string): void {
    const q = url.searchParams;
    const filter = objects.filterFor(def, namespace, { labelSelector: q.get("labelSelector"), fieldSelector: q.get("fieldSelector") });
    if (nameFilter) filter.fields.push({ field: "metadata.name", op: "=", value: nameFilter });
    const rvParam = q.get("resourceVersion");
    const bookmarks = q.get("allowWatchBookmarks") === "true";
    const timeoutSeconds = Number(q.get("timeoutSeconds"));
    const include = (q.get("includeObject") as IncludeObject | null) ?? "Metadata";
    let headerSent = false;
    res.writeHead(200, { "Content-Type": "application/json", "Cache-Control": "no-cache, private", "Transfer-Encoding": "chunked" });
    res.flushHeaders();
    const write = (type: string, object: unknown) => {
      if (res.writableLength > 16 * 1024 * 1024) {
        log.warn({ resource: def.plural }, "watch consumer too slow; closing");
        res.destroy();
        return;
      }
      res.write(JSON.stringify({ type, object }) + "\n");
    };
    const sendObject = (type: string, o: Obj) => {
      if (!table) return write(type, o);
      write(type, toTable(def, [o], { resourceVersion: o.metadata.resourceVersion ?? "", includeObject: include, noHeaders: headerSent }));
      headerSent = true;
    };
    let start: number;
    if (rvParam === null || rvParam === "" || rvParam === "0") {
      const { items, resourceVersion } = objects.list(def, namespace, { labelSelector: q.get("labelSelector"), fieldSelector: q.get("fieldSelector") });
      for (const o of items) if (!nameFilter || o.metadata.name === nameFilter) sendObject("ADDED", o);
      start = Number(resourceVersion);
    } else {
      start = Number(rvParam);
      if (!Number.isInteger(start) || start < 0) {
        write("ERROR", errors.badRequest(`invalid resource version: ${rvParam}`).toStatus());
        return void res.end();
      }
      if (start < objects.oldestRv) {
        write("ERROR", errors.expired(`too old resource version: ${start} (${objects.currentRv})`).toStatus());
        return void res.end();
      }
      for (const c of objects.changesSince(def, start))
        if (matches(filter, c.namespace, c.object)) sendObject(c.type, c.object as Obj);
    }
    const unsubscribe = hub.subscribe(`${def.group ? `${def.plural}.${def.group}` : def.plural}`, {
      filter,
      send: (type, object) => sendObject(type, object as Obj),
    });
    open.add(res);
    const bookmarkTimer = bookmarks
      ? setInterval(() => write("BOOKMARK", { kind: def.kind, apiVersion: apiVersionOf(def), metadata: { resourceVersion: String(objects.currentRv) } }), deps.bookmarkIntervalMs ?? 10_000)
      : undefined;
    // Like kube-apiserver, end watches after a while (clients resume from their last version).
    const lifetime = Number.isFinite(timeoutSeconds) && timeoutSeconds > 0 ? timeoutSeconds * 1000 : (1800 + Math.random() * 1800) * 1000;
    const endTimer = setTimeout(() => res.end(), lifetime);
    const cleanup = () => {
      unsubscribe();
      clearInterval(bookmarkTimer);
      clearTimeout(endTimer);
      open.delete(res);
    };
    res.on("close", cleanup);
    req.on("close", cleanup);
    void start;
  }

  async function resource(req: IncomingMessage, res: ServerResponse, user: User, route: Extract<Route, { kind: "resource" }>, url: URL): Promise<void> {
    const method = req.method ?? "GET";
    // HEAD never streams: a watch answered to HEAD would hold the kept-alive connection for its whole lifetime.
    const isWatch = method !== "HEAD" && (url.searchParams.get("watch") === "true" || url.searchParams.get("watch") === "1");
    const verb = verbOf(method, route, isWatch);
    const attrs: Attributes = { user, verb, resource: route.plural, subresource: route.subresource, apiGroup: route.group, namespace: route.namespace ?? (route.plural === "namespaces" ? route.name : undefined), name: route.name };
    const reviewGroup = REVIEW_GROUPS[route.group];
    if (reviewGroup) {
      if (!reviewGroup.resources.some((r) => r.name === route.plural)) throw new ApiError(404, "NotFound", "the server could not find the requested resource");
      if (method !== "POST") throw errors.methodNotAllowed();
      if (!authz.allows(attrs)) throw errors.forbidden(forbiddenMessage(attrs));
      const r = review(user, route, parseDocument(await readBody(req), req.headers["content-type"]));
      return send(res, r.code, r.body);
    }
    const def = registry.find(route.group, route.version, route.plural);
    if (!def) throw new ApiError(404, "NotFound", "the server could not find the requested resource");
    if (!authz.allows(attrs)) throw errors.forbidden(forbiddenMessage(attrs, def));
    if (def.namespaced && route.name && route.namespace === undefined) throw new ApiError(404, "NotFound", "the server could not find the requested resource");
    if (route.subresource && !(route.subresource === "status" && def.hasStatus)) throw new ApiError(404, "NotFound", "the server could not find the requested resource");
    const ns = def.namespaced ? route.namespace : undefined;
    const q = url.searchParams;
    const dryRun = q.get("dryRun") === "All";
    const table = wantsTable(req.headers.accept);
    const include = (q.get("includeObject") as IncludeObject | null) ?? "Metadata";
    switch (verb) {
      case "get": {
        const o = objects.get(def, ns ?? "", route.name!);
        return send(res, 200, table ? toTable(def, [o], { resourceVersion: o.metadata.resourceVersion ?? "", includeObject: include }) : o);
      }
      case "list": {
        const limit = q.get("limit") ? Number(q.get("limit")) : undefined;
        if (limit !== undefined && (!Number.isInteger(limit) || limit < 0)) throw errors.badRequest(`invalid limit: ${q.get("limit")}`);
        const r = objects.list(def, ns, { labelSelector: q.get("labelSelector"), fieldSelector: q.get("fieldSelector"), limit, continueToken: q.get("continue") });
        if (table) return send(res, 200, toTable(def, r.items, { ...r, includeObject: include }));
        return send(res, 200, {
          apiVersion: apiVersionOf(def),
          kind: def.listKind,
          metadata: { resourceVersion: r.resourceVersion, ...(r.continue ? { continue: r.continue } : {}), ...(r.remainingItemCount !== undefined ? { remainingItemCount: r.remainingItemCount } : {}) },
          items: r.items,
        });
      }
      case "watch":
        return watch(req, res, def, ns, url, table, route.name);
      case "create": {
        if (route.name && def.plural !== "namespaces") throw errors.methodNotAllowed();
        const body = parseDocument(await readBody(req), req.headers["content-type"]);
        return send(res, 201, objects.create(def, ns ?? "", body, { dryRun }));
      }
      case "update": {
        // PUT/PATCH address one object; on a collection Kubernetes answers 405.
        if (!route.name) throw errors.methodNotAllowed();
        const body = parseDocument(await readBody(req), req.headers["content-type"]);
        return send(res, 200, objects.update(def, ns ?? "", route.name!, body, route.subresource, { dryRun }));
      }
      case "patch": {
        if (!route.name) throw errors.methodNotAllowed();
        const text = await readBody(req);
        checkNesting(text);
        return send(res, 200, objects.patch(def, ns ?? "", route.name!, req.headers["content-type"] ?? "", text, route.subresource, { dryRun }));
      }
      case "delete":
      case "deletecollection": {
        const text = await readBody(req);
        let opts: DeleteOptions = {};
        if (text.trim()) {
          const parsed = parseDocument(text, req.headers["content-type"]);
          // DeleteOptions is an object; `null`, arrays and scalars are the client's mistake.
          if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw errors.badRequest("the body of a delete must be a DeleteOptions object");
          opts = parsed as DeleteOptions;
        }
        if (q.get("propagationPolicy")) opts.propagationPolicy = q.get("propagationPolicy") as DeleteOptions["propagationPolicy"];
        opts.dryRun = dryRun || (Array.isArray((opts as { dryRun?: unknown }).dryRun) && ((opts as { dryRun?: unknown[] }).dryRun ?? []).includes("All"));
        if (verb === "delete") {
          const deleted = objects.delete(def, ns ?? "", route.name!, opts);
          return send(res, 200, deleted);
        }
        const items = objects.deleteCollection(def, ns, { labelSelector: q.get("labelSelector"), fieldSelector: q.get("fieldSelector") }, opts);
        return send(res, 200, { apiVersion: apiVersionOf(def), kind: def.listKind, metadata: { resourceVersion: String(objects.currentRv) }, items });
      }
      default:
        throw errors.methodNotAllowed();
    }
  }

  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    const started = Date.now();
    let url: URL;
    try {
      url = new URL(req.url ?? "/", "https://localhost");
    } catch {
      // e.g. `GET //`: a path URL cannot parse must be a 400, not an exception that ends the process.
      sendError(res, errors.badRequest(`malformed request path: ${String(req.url).slice(0, 100)}`));
      return;
    }
    const run = async () => {
      const user = authn.authenticate(req.headers.authorization);
      if (!user) throw errors.unauthorized();
      const route = parseRoute(url.pathname);
      if (route.kind === "nonResource") {
        const attrs: Attributes = { user, verb: (req.method ?? "GET").toLowerCase(), path: url.pathname };
        if (!authz.allows(attrs)) throw errors.forbidden(forbiddenMessage(attrs));
        return nonResource(url.pathname, res, req.headers.host ?? "", req.headers.accept ?? "");
      }
      if (route.kind === "proxy") {
        const attrs: Attributes = { user, verb: verbOf(req.method ?? "GET", { name: route.service }, false), resource: "services", subresource: "proxy", apiGroup: "", namespace: route.namespace, name: route.service };
        if (!authz.allows(attrs)) throw errors.forbidden(forbiddenMessage(attrs, { plural: "services", group: "" }));
        return proxy(req, res, route, url.search);
      }
      return resource(req, res, user, route, url);
    };
    run()
      .catch((e: unknown) => {
        // Answered before the body was read (413, 401, 404…): close the connection, or its unread
        // bytes would be taken for the next request on it and that request would hang.
        if (!req.complete && !res.headersSent) res.setHeader("Connection", "close");
        if (e instanceof ApiError) return sendError(res, e);
        log.error({ err: e, method: req.method, url: req.url }, "request failed");
        sendError(res, errors.internal(e instanceof Error ? e.message : String(e)));
      })
      .finally(() => {
        log.debug({ method: req.method, url: req.url, status: res.statusCode, ms: Date.now() - started }, "request");
      });
  };
  return Object.assign(handler, {
    closeWatches() {
      for (const r of open) r.end();
      open.clear();
    },
  });
}
