// Object semantics of the REST verbs: metadata bookkeeping, generation, the status subresource,
// optimistic concurrency, finalizers, garbage collection by ownerReferences, validation.
import { randomBytes, randomUUID } from "node:crypto";
import jsonpatch, { type Operation } from "fast-json-patch";
import type { Logger } from "pino";
import type { ObjectMeta } from "../../types/agentic-session";
import { apiVersionOf, storageKey, type Registry, type ResourceDef } from "./registry";
import { parseFieldSelector, parseLabelSelector, fieldsMatch, labelsMatch } from "./selectors";
import { ApiError, errors } from "./status";
import type { ChangeType, ListPosition, Store } from "./store";
import { validateMetadata, validateName, type Cause, type SchemaValidator } from "./validation";
import type { WatchHub, WatchFilter } from "./watch-hub";

export type Obj = Record<string, unknown> & { metadata: Meta; status?: unknown };
/** Stored metadata: the wire type, plus fields clients may send that we keep as given. */
export type Meta = ObjectMeta & { deletionGracePeriodSeconds?: number; [k: string]: unknown };

/** etcd's default request limit: the largest object we store. */
export const MAX_OBJECT_BYTES = 1.5 * 1024 * 1024;

export interface ListQuery {
  labelSelector?: string | null;
  fieldSelector?: string | null;
  limit?: number;
  continueToken?: string | null;
}

export interface ListResult {
  items: Obj[];
  resourceVersion: string;
  continue?: string;
  remainingItemCount?: number;
}

export interface DeleteOptions {
  preconditions?: { uid?: string; resourceVersion?: string };
  propagationPolicy?: "Orphan" | "Background" | "Foreground";
  dryRun?: boolean;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** RFC 7386 JSON merge patch. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return patch;
  const out: Record<string, unknown> = isObject(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

/** Everything a user may change that counts for `metadata.generation`: all but metadata and status. */
function specPart(o: Record<string, unknown>): string {
  const { metadata: _m, status: _s, apiVersion: _a, kind: _k, ...rest } = o;
  return JSON.stringify(rest);
}

const GENERATE_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
function randomSuffix(): string {
  return [...randomBytes(5)].map((b) => GENERATE_ALPHABET[b % GENERATE_ALPHABET.length]).join("");
}

/** Field selectors the real server accepts per kind (others answer 400). */
function fieldAllowed(def: ResourceDef): (field: string) => boolean {
  return (f) => {
    if (f === "metadata.name" || f === "metadata.namespace") return true;
    if (def.plural === "events") return /^(involvedObject\.(kind|namespace|name|uid|apiVersion|resourceVersion|fieldPath)|reason|reportingComponent|source|type)$/.test(f);
    if (def.plural === "secrets") return f === "type";
    if (def.plural === "namespaces") return f === "status.phase";
    return false;
  };
}

interface ContinueToken {
  rv: number;
  ns: string;
  name: string;
}

function encodeContinue(t: ContinueToken): string {
  return Buffer.from(JSON.stringify({ v: "meta.k8s.io/v1", rv: t.rv, start: `${t.ns}\u0000${t.name}` })).toString("base64url");
}

function decodeContinue(s: string): ContinueToken {
  try {
    const raw = JSON.parse(Buffer.from(s, "base64url").toString("utf8")) as { rv: number; start: string };
    const [ns, name] = raw.start.split("\u0000");
    if (!Number.isInteger(raw.rv) || name === undefined) throw new Error();
    return { rv: raw.rv, ns, name };
  } catch {
    throw errors.badRequest("continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)");
  }
}

export class Objects {
  constructor(
    private readonly store: Store,
    readonly registry: Registry,
    private readonly validator: SchemaValidator,
    private readonly hub: WatchHub,
    private readonly log: Logger,
  ) {}

  private nsDef = (): ResourceDef => this.registry.find("", "v1", "namespaces")!;

  get currentRv(): number {
    return this.store.currentRv;
  }

  get(def: ResourceDef, namespace: string, name: string): Obj {
    const found = this.store.get(storageKey(def), namespace, name);
    if (!found) throw errors.notFound(def, name);
    return found.object as Obj;
  }

  tryGet(def: ResourceDef, namespace: string, name: string): Obj | undefined {
    return this.store.get(storageKey(def), namespace, name)?.object as Obj | undefined;
  }

  filterFor(def: ResourceDef, namespace: string | undefined, q: ListQuery): WatchFilter {
    return {
      namespace,
      labels: parseLabelSelector(q.labelSelector),
      fields: parseFieldSelector(q.fieldSelector, fieldAllowed(def)),
    };
  }

  list(def: ResourceDef, namespace: string | undefined, q: ListQuery): ListResult {
    const filter = this.filterFor(def, namespace, q);
    const limit = q.limit && q.limit > 0 ? q.limit : undefined;
    let atRv = this.store.currentRv;
    let after: ListPosition | undefined;
    if (q.continueToken) {
      const token = decodeContinue(q.continueToken);
      if (token.rv < this.store.oldestRv)
        throw errors.expired("The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.");
      atRv = token.rv;
      after = { namespace: token.ns, name: token.name };
    }
    const items: Obj[] = [];
    let more = false;
    let remaining = 0;
    // Like kube-apiserver, remainingItemCount is given only for unfiltered lists; then the rest is
    // counted without parsing it. With selectors the page stops at the first item beyond the limit.
    const filtered = filter.labels.length > 0 || filter.fields.length > 0;
    for (const stored of this.store.list(storageKey(def), { namespace, after, atRv })) {
      if (limit !== undefined && items.length >= limit && !filtered) {
        more = true;
        remaining++;
        continue;
      }
      const o = stored.object as Obj;
      if (filtered && (!labelsMatch(filter.labels, o.metadata.labels) || !fieldsMatch(filter.fields, o))) continue;
      if (limit !== undefined && items.length >= limit) {
        more = true;
        break;
      }
      items.push(o);
    }
    const last = items[items.length - 1];
    return {
      items,
      resourceVersion: String(atRv),
      ...(more && last
        ? { continue: encodeContinue({ rv: atRv, ns: last.metadata.namespace ?? "", name: last.metadata.name ?? "" }), ...(filtered ? {} : { remainingItemCount: remaining }) }
        : {}),
    };
  }

  private commit(def: ResourceDef, namespace: string, name: string, type: ChangeType, object: Obj, previous?: Obj): Obj {
    const size = Buffer.byteLength(JSON.stringify(object));
    if (size > MAX_OBJECT_BYTES) throw errors.tooLarge(`Request entity too large: the object is ${size} bytes, the limit is ${MAX_OBJECT_BYTES}`);
    const change = this.store.write(storageKey(def), namespace, name, type, (rv) => {
      object.metadata.resourceVersion = String(rv);
      return object;
    });
    this.hub.publish(change, previous);
    return object;
  }

  private checkObject(def: ResourceDef, o: Obj): Obj {
    const causes: Cause[] = validateMetadata(o.metadata);
    if (def.custom) {
      const r = this.validator.check(def, o);
      if ("causes" in r) causes.push(...r.causes);
      else o = r.object as Obj;
    }
    if (causes.length) throw errors.invalid(def.kind, def.group, o.metadata.name ?? "", causes);
    return o;
  }

  /** Normalise kind-specific fields the way the real server's strategies do. */
  private prepare(def: ResourceDef, o: Obj): Obj {
    if (def.plural === "secrets" && isObject(o.stringData)) {
      const data = isObject(o.data) ? { ...(o.data as Record<string, string>) } : {};
      for (const [k, v] of Object.entries(o.stringData)) data[k] = Buffer.from(String(v)).toString("base64");
      o.data = data;
      delete o.stringData;
    }
    if (def.plural === "namespaces") {
      o.metadata.labels = { ...(o.metadata.labels ?? {}), "kubernetes.io/metadata.name": o.metadata.name ?? "" };
      if (!o.metadata.deletionTimestamp) o.status = { phase: "Active" };
      o.spec = { finalizers: ["kubernetes"] };
    }
    if (def.plural === "services") {
      const spec = isObject(o.spec) ? o.spec : {};
      o.spec = { type: "ClusterIP", ...spec };
      if (!o.status) o.status = { loadBalancer: {} };
    }
    return o;
  }

  private requireNamespace(def: ResourceDef, namespace: string): void {
    if (!def.namespaced) return;
    const ns = this.tryGet(this.nsDef(), "", namespace);
    if (!ns) throw errors.notFound(this.nsDef(), namespace);
    if (ns.metadata.deletionTimestamp)
      throw errors.forbidden(`${def.plural} "${namespace}" is forbidden: unable to create new content in namespace ${namespace} because it is being terminated`);
  }

  private parseBody(def: ResourceDef, body: unknown): Obj {
    if (!isObject(body)) throw errors.badRequest("the body of the request was in an unknown format - accepted media types include: application/json, application/yaml");
    const kind = body.kind;
    const apiVersion = body.apiVersion;
    if (kind !== undefined && kind !== def.kind) throw errors.badRequest(`the API version in the data (${String(apiVersion)}) does not match the expected API version (${apiVersionOf(def)}) or kind ${String(kind)} is not ${def.kind}`);
    if (apiVersion !== undefined && apiVersion !== apiVersionOf(def))
      throw errors.badRequest(`the API version in the data (${String(apiVersion)}) does not match the expected API version (${apiVersionOf(def)})`);
    const metadata = body.metadata === undefined ? {} : body.metadata;
    if (!isObject(metadata)) throw errors.badRequest("metadata must be an object");
    return { ...structuredClone(body), apiVersion: apiVersionOf(def), kind: def.kind, metadata: structuredClone(metadata) as Meta };
  }

  create(def: ResourceDef, namespace: string, body: unknown, opts: { dryRun?: boolean } = {}): Obj {
    let o = this.parseBody(def, body);
    const m = o.metadata;
    if (def.namespaced) {
      if (m.namespace && m.namespace !== namespace)
        throw errors.badRequest(`the namespace of the provided object does not match the namespace sent on the request`);
      m.namespace = namespace;
    } else delete m.namespace;
    if (!m.name && typeof m.generateName === "string" && m.generateName) m.name = `${m.generateName}${randomSuffix()}`;
    if (!m.name) throw errors.invalid(def.kind, def.group, "", [{ reason: "FieldValueRequired", field: "metadata.name", message: "name or generateName is required" }]);
    const nameProblem = validateName(def, m.name);
    if (nameProblem) throw errors.invalid(def.kind, def.group, m.name, [{ reason: "FieldValueInvalid", field: "metadata.name", message: `Invalid value: ${JSON.stringify(m.name)}: ${nameProblem}` }]);
    this.requireNamespace(def, namespace);
    if (this.tryGet(def, def.namespaced ? namespace : "", m.name)) throw errors.alreadyExists(def, m.name);
    if (def.hasStatus && def.custom) delete o.status; // status is the controller's, set through /status
    for (const k of ["resourceVersion", "deletionTimestamp", "deletionGracePeriodSeconds", "managedFields", "selfLink"]) delete m[k];
    m.uid = randomUUID();
    m.creationTimestamp = new Date().toISOString().replace(/\.\d+Z$/, "Z");
    m.generation = 1;
    o = this.prepare(def, this.checkObject(def, o));
    if (opts.dryRun) return o;
    return this.commit(def, def.namespaced ? namespace : "", m.name, "ADDED", o);
  }

  /**
   * PUT. `subresource` "status" replaces only status; the main resource keeps the stored status
   * when the kind has a status subresource.
   */
  update(def: ResourceDef, namespace: string, name: string, body: unknown, subresource?: string, opts: { dryRun?: boolean; requireResourceVersion?: boolean } = {}): Obj {
    const incoming = this.parseBody(def, body);
    if (incoming.metadata.name !== undefined && incoming.metadata.name !== name)
      throw errors.badRequest(`the name of the object (${incoming.metadata.name}) does not match the name on the URL (${name})`);
    if (def.namespaced && incoming.metadata.namespace && incoming.metadata.namespace !== namespace)
      throw errors.badRequest("the namespace of the provided object does not match the namespace sent on the request");
    const ns = def.namespaced ? namespace : "";
    const current = this.tryGet(def, ns, name);
    if (!current) throw errors.notFound(def, name);
    const rv = incoming.metadata.resourceVersion;
    if (rv === undefined || rv === "") {
      if (opts.requireResourceVersion ?? def.custom)
        throw errors.invalid(def.kind, def.group, name, [{ reason: "FieldValueInvalid", field: "metadata.resourceVersion", message: "Invalid value: 0x0: must be specified for an update" }]);
    } else if (rv !== current.metadata.resourceVersion) throw errors.conflict(def, name);
    return this.replace(def, ns, name, current, incoming, subresource, opts.dryRun);
  }

  private replace(def: ResourceDef, ns: string, name: string, current: Obj, incoming: Obj, subresource: string | undefined, dryRun?: boolean): Obj {
    let next: Obj;
    if (subresource === "status") {
      next = { ...structuredClone(current), status: incoming.status };
      if (incoming.status === undefined) delete next.status;
    } else if (subresource) {
      throw errors.notFound(def, `${name}/${subresource}`);
    } else {
      next = incoming;
      const m = next.metadata;
      const cm = current.metadata;
      m.name = cm.name;
      if (def.namespaced) m.namespace = cm.namespace;
      else delete m.namespace;
      m.uid = cm.uid;
      m.creationTimestamp = cm.creationTimestamp;
      m.generation = cm.generation;
      if (cm.deletionTimestamp) {
        m.deletionTimestamp = cm.deletionTimestamp;
        m.deletionGracePeriodSeconds = cm.deletionGracePeriodSeconds;
      } else {
        delete m.deletionTimestamp;
        delete m.deletionGracePeriodSeconds;
      }
      delete m.generateName;
      if (cm.generateName) m.generateName = cm.generateName;
      if (def.hasStatus) {
        if (current.status === undefined) delete next.status;
        else next.status = structuredClone(current.status);
      }
    }
    next = this.prepare(def, this.checkObject(def, next));
    next.metadata.resourceVersion = current.metadata.resourceVersion;
    if (specPart(next) !== specPart(current)) next.metadata.generation = (current.metadata.generation ?? 1) + 1;
    if (JSON.stringify(next) === JSON.stringify(current)) return current; // no-op writes keep their resourceVersion
    if (dryRun) return next;
    if (next.metadata.deletionTimestamp && !(next.metadata.finalizers ?? []).length) {
      // The last finalizer is gone: the object goes away now.
      const gone = this.commit(def, ns, name, "DELETED", next, current);
      this.collectDependents(gone);
      return gone;
    }
    return this.commit(def, ns, name, "MODIFIED", next, current);
  }

  patch(def: ResourceDef, namespace: string, name: string, contentType: string, patchBody: string, subresource?: string, opts: { dryRun?: boolean } = {}): Obj {
    const type = contentType.split(";")[0].trim().toLowerCase();
    if (type === "application/apply-patch+yaml")
      throw errors.unsupportedMediaType("server-side apply is not supported by this API server; use kubectl apply (client-side) or a merge patch");
    if (type === "application/strategic-merge-patch+json" && def.custom)
      throw errors.unsupportedMediaType(`the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml`);
    if (!["application/merge-patch+json", "application/json-patch+json", "application/strategic-merge-patch+json"].includes(type))
      throw errors.unsupportedMediaType(`the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml`);
    let parsed: unknown;
    try {
      parsed = JSON.parse(patchBody);
    } catch (e) {
      throw errors.badRequest(`error decoding patch: ${(e as Error).message}`);
    }
    const ns = def.namespaced ? namespace : "";
    const current = this.tryGet(def, ns, name);
    if (!current) throw errors.notFound(def, name);
    let patched: unknown;
    if (type === "application/json-patch+json") {
      if (!Array.isArray(parsed)) throw errors.badRequest("json patch must be an array of operations");
      const problem = jsonpatch.validate(parsed as Operation[], structuredClone(current));
      if (problem) {
        if (problem.name === "TEST_OPERATION_FAILED") throw errors.invalid(def.kind, def.group, name, [{ reason: "FieldValueInvalid", field: "", message: "the json patch test operation failed" }]);
        throw errors.badRequest(`the json patch is invalid: ${problem.message.split("\n")[0]}`);
      }
      patched = jsonpatch.applyPatch(structuredClone(current), parsed as Operation[], false, false).newDocument;
    } else {
      // Strategic merge on built-in kinds is approximated by a merge patch: our built-ins' lists are replaced wholesale.
      if (!isObject(parsed)) throw errors.badRequest("a merge patch must be a JSON object");
      patched = mergePatch(current, parsed);
    }
    if (!isObject(patched) || !isObject(patched.metadata)) throw errors.badRequest("the patch removed metadata");
    const p = patched as Obj;
    // A resourceVersion in the patch is a precondition; without one the patch applies to the latest state.
    const wanted = p.metadata.resourceVersion;
    if (wanted !== undefined && wanted !== current.metadata.resourceVersion) throw errors.conflict(def, name);
    if (p.metadata.name !== name) throw errors.badRequest(`the name of the object (${String(p.metadata.name)}) does not match the name on the URL (${name})`);
    p.metadata.resourceVersion = current.metadata.resourceVersion;
    return this.replace(def, ns, name, current, this.parseBody(def, p), subresource, opts.dryRun);
  }

  delete(def: ResourceDef, namespace: string, name: string, options: DeleteOptions = {}): Obj {
    const ns = def.namespaced ? namespace : "";
    const current = this.tryGet(def, ns, name);
    if (!current) throw errors.notFound(def, name);
    const pre = options.preconditions;
    if (pre?.uid && pre.uid !== current.metadata.uid)
      throw errors.conflict(def, name, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${current.metadata.uid}`);
    if (pre?.resourceVersion && pre.resourceVersion !== current.metadata.resourceVersion)
      throw errors.conflict(def, name, `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${current.metadata.resourceVersion}`);
    if (options.dryRun) return current;
    if (def.plural === "namespaces") return this.deleteNamespace(current);
    if ((current.metadata.finalizers ?? []).length) {
      if (current.metadata.deletionTimestamp) return current;
      const next = structuredClone(current);
      next.metadata.deletionTimestamp = new Date().toISOString().replace(/\.\d+Z$/, "Z");
      next.metadata.deletionGracePeriodSeconds = 0;
      return this.commit(def, ns, name, "MODIFIED", next, current);
    }
    const gone = this.commit(def, ns, name, "DELETED", structuredClone(current), current);
    if (options.propagationPolicy !== "Orphan") this.collectDependents(gone);
    return gone;
  }

  deleteCollection(def: ResourceDef, namespace: string | undefined, q: ListQuery, options: DeleteOptions = {}): Obj[] {
    const { items } = this.list(def, namespace, { labelSelector: q.labelSelector, fieldSelector: q.fieldSelector });
    return items.map((o) => this.delete(def, o.metadata.namespace ?? "", o.metadata.name ?? "", { propagationPolicy: options.propagationPolicy, dryRun: options.dryRun }));
  }

  /** Namespaces: remove everything inside, then the namespace itself. */
  private deleteNamespace(current: Obj): Obj {
    const name = current.metadata.name ?? "";
    const terminating = structuredClone(current);
    terminating.metadata.deletionTimestamp = new Date().toISOString().replace(/\.\d+Z$/, "Z");
    terminating.status = { phase: "Terminating" };
    const marked = this.commit(this.nsDef(), "", name, "MODIFIED", terminating, current);
    for (const def of this.registry.resources.filter((r) => r.namespaced)) {
      for (const o of this.list(def, name, {}).items) {
        const copy = structuredClone(o);
        copy.metadata.finalizers = [];
        this.commit(def, name, o.metadata.name ?? "", "DELETED", copy, o);
      }
    }
    this.commit(this.nsDef(), "", name, "DELETED", structuredClone(marked), marked);
    return marked;
  }

  /** Background garbage collection: dependents whose only owners are gone are deleted too. */
  private collectDependents(owner: Obj): void {
    const uid = owner.metadata.uid;
    if (!uid) return;
    setImmediate(() => {
      for (const def of this.registry.resources) {
        if (!def.namespaced && owner.metadata.namespace) continue;
        const scope = def.namespaced && owner.metadata.namespace ? owner.metadata.namespace : undefined;
        for (const o of this.list(def, scope, {}).items) {
          const refs = o.metadata.ownerReferences ?? [];
          if (!refs.some((r) => r.uid === uid)) continue;
          try {
            const remaining = refs.filter((r) => r.uid !== uid);
            if (remaining.length === 0) this.delete(def, o.metadata.namespace ?? "", o.metadata.name ?? "");
            else {
              const next = structuredClone(o);
              next.metadata.ownerReferences = remaining;
              this.commit(def, o.metadata.namespace ?? "", o.metadata.name ?? "", "MODIFIED", next, o);
            }
          } catch (e) {
            if (!(e instanceof ApiError && e.code === 404)) this.log.warn({ err: e, name: o.metadata.name }, "garbage collection failed");
          }
        }
      }
    });
  }

  /** Snapshot for a watch that starts without a resourceVersion: every current object, then changes. */
  changesSince(def: ResourceDef, rv: number) {
    return this.store.changesSince(storageKey(def), rv);
  }

  get oldestRv(): number {
    return this.store.oldestRv;
  }
}
