// Authentication from a kube-apiserver static token file, authorization from an ABAC policy file.
// Both formats are the real server's, so the files can be read and edited the same way.
import { randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";

export interface User {
  name: string;
  uid: string;
  groups: string[];
}

export interface Attributes {
  user: User;
  verb: string;
  /** Resource requests. */
  resource?: string;
  subresource?: string;
  apiGroup?: string;
  namespace?: string;
  name?: string;
  /** Non-resource requests (/version, /api, ...). */
  path?: string;
}

export interface PolicySpec {
  user?: string;
  group?: string;
  readonly?: boolean;
  apiGroup?: string;
  resource?: string;
  namespace?: string;
  nonResourcePath?: string;
}

const READ_VERBS = new Set(["get", "list", "watch"]);

/** Parse `token,user,uid,"group1,group2"` lines (CSV with an optional quoted last column). */
export function parseTokenFile(text: string): Map<string, User> {
  const tokens = new Map<string, User>();
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (!line || line.startsWith("#")) continue;
    const m = /^([^,]+),([^,]+),([^,]+)(?:,"?([^"]*)"?)?$/.exec(line);
    if (!m) continue;
    tokens.set(m[1], { name: m[2], uid: m[3], groups: m[4] ? m[4].split(",").map((g) => g.trim()).filter(Boolean) : [] });
  }
  return tokens;
}

export function parsePolicyFile(text: string): PolicySpec[] {
  return text
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("#"))
    .map((l) => (JSON.parse(l) as { spec: PolicySpec }).spec);
}

function subjectMatches(p: PolicySpec, user: User): boolean {
  const userOk = p.user !== undefined && (p.user === "*" || p.user === user.name);
  const groupOk = p.group !== undefined && (p.group === "*" || user.groups.includes(p.group));
  return userOk || groupOk;
}

/** ABAC's matching rules: a request is allowed when any policy line matches it. */
export function policyAllows(p: PolicySpec, a: Attributes): boolean {
  if (!subjectMatches(p, a.user)) return false;
  if (p.readonly && !READ_VERBS.has(a.verb)) return false;
  if (a.path !== undefined) {
    const np = p.nonResourcePath;
    if (!np) return false;
    return np === "*" || np === a.path || (np.endsWith("*") && a.path.startsWith(np.slice(0, -1)));
  }
  if (!p.resource && !p.namespace && !p.apiGroup) return false;
  const nsOk = p.namespace === "*" || (p.namespace ?? "") === (a.namespace ?? "");
  const resOk = p.resource === "*" || p.resource === a.resource;
  const groupOk = p.apiGroup === "*" || (p.apiGroup ?? "") === (a.apiGroup ?? "");
  return nsOk && resOk && groupOk;
}

export class Authenticator {
  private tokens: Map<string, User>;
  constructor(private readonly tokenFile: string) {
    this.tokens = parseTokenFile(readFileSync(tokenFile, "utf8"));
  }
  reload(): void {
    this.tokens = parseTokenFile(readFileSync(this.tokenFile, "utf8"));
  }
  authenticate(authorization: string | undefined): User | undefined {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
    if (!m) return undefined;
    const given = Buffer.from(m[1]);
    for (const [token, user] of this.tokens) {
      const t = Buffer.from(token);
      if (t.length === given.length && timingSafeEqual(t, given)) return { ...user, groups: [...user.groups, "system:authenticated"] };
    }
    return undefined;
  }
}

export class Authorizer {
  constructor(private policies: PolicySpec[]) {}
  static fromFile(file: string): Authorizer {
    return new Authorizer(parsePolicyFile(readFileSync(file, "utf8")));
  }
  allows(a: Attributes): boolean {
    // Every authenticated user may ask who it is and what it may do (system:basic-user in RBAC).
    if (a.resource && ["selfsubjectaccessreviews", "selfsubjectrulesreviews", "selfsubjectreviews"].includes(a.resource) && a.verb === "create") return true;
    return this.policies.some((p) => policyAllows(p, a));
  }
  /** The policy lines that apply to `user` in `namespace`, as SelfSubjectRulesReview rules. */
  rulesFor(user: User, namespace: string) {
    const resourceRules: Array<{ verbs: string[]; apiGroups: string[]; resources: string[] }> = [
      { verbs: ["create"], apiGroups: ["authorization.k8s.io"], resources: ["selfsubjectaccessreviews", "selfsubjectrulesreviews"] },
      { verbs: ["create"], apiGroups: ["authentication.k8s.io"], resources: ["selfsubjectreviews"] },
    ];
    const nonResourceRules: Array<{ verbs: string[]; nonResourceURLs: string[] }> = [];
    for (const p of this.policies) {
      if (!subjectMatches(p, user)) continue;
      const verbs = p.readonly ? ["get", "list", "watch"] : ["*"];
      if (p.nonResourcePath) nonResourceRules.push({ verbs, nonResourceURLs: [p.nonResourcePath] });
      else if (p.namespace === "*" || (p.namespace ?? "") === namespace)
        resourceRules.push({ verbs, apiGroups: [p.apiGroup ?? ""], resources: [p.resource ?? ""] });
    }
    return { resourceRules, nonResourceRules, incomplete: false };
  }
}

export interface Credentials {
  adminToken: string;
  demoToken: string;
}

const policy = (spec: PolicySpec) => JSON.stringify({ apiVersion: "abac.authorization.kubernetes.io/v1beta1", kind: "Policy", spec });

/**
 * First start: an admin token (group system:masters, everything) and a `demo` user who may do
 * anything in namespace `demo` and only read namespaces elsewhere. Kept on later starts.
 */
export function ensureAuthFiles(tokenFile: string, policyFile: string): Credentials {
  if (!existsSync(tokenFile)) {
    const admin = randomBytes(24).toString("base64url");
    const demo = randomBytes(24).toString("base64url");
    writeFileSync(
      tokenFile,
      `${admin},admin,${randomUUID()},"system:masters"\n${demo},demo,${randomUUID()},"demo-users"\n`,
      { mode: 0o600 },
    );
  }
  if (!existsSync(policyFile)) {
    writeFileSync(
      policyFile,
      [
        policy({ group: "system:masters", namespace: "*", resource: "*", apiGroup: "*" }),
        policy({ group: "system:masters", nonResourcePath: "*" }),
        policy({ group: "system:authenticated", nonResourcePath: "*", readonly: true }),
        policy({ user: "demo", namespace: "demo", resource: "*", apiGroup: "*" }),
        policy({ user: "demo", namespace: "*", resource: "namespaces", apiGroup: "", readonly: true }),
      ].join("\n") + "\n",
    );
  }
  const tokens = parseTokenFile(readFileSync(tokenFile, "utf8"));
  const find = (name: string) => [...tokens].find(([, u]) => u.name === name)?.[0] ?? "";
  return { adminToken: find("admin"), demoToken: find("demo") };
}
