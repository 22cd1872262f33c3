// Pure rules of the API server: selectors, schema pruning and defaults, token and policy files.
import { describe, expect, it } from "vitest";
import { parsePolicyFile, parseTokenFile, policyAllows } from "./auth";
import { minimalOpenApiV2Protobuf, parseRoute } from "./server";
import { labelsMatch, parseFieldSelector, parseLabelSelector } from "./selectors";
import { evalJsonPath, humanDuration } from "./table";
import { applyDefaults, prune } from "./validation";
import { mergePatch } from "./objects";

describe("label selectors", () => {
  it("parses every operator and matches like the real server", () => {
    const reqs = parseLabelSelector("a=1,b!=2,c in (x, y),d notin (z),e,!f");
    expect(reqs.map((r) => r.op)).toEqual(["=", "!=", "in", "notin", "exists", "!exists"]);
    expect(labelsMatch(reqs, { a: "1", c: "y", e: "" })).toBe(true);
    expect(labelsMatch(reqs, { a: "1", c: "y", e: "", f: "1" })).toBe(false);
    expect(labelsMatch(reqs, { a: "1", b: "2", c: "y", e: "" })).toBe(false);
    expect(labelsMatch(parseLabelSelector("a==1"), { a: "1" })).toBe(true);
  });
  it("refuses malformed selectors with 400", () => {
    for (const bad of ["a in b", "-bad=1", "a=b c", "a=(x)"]) expect(() => parseLabelSelector(bad), bad).toThrow(/unable to parse/);
  });
  it("limits field selectors to the supported fields", () => {
    expect(parseFieldSelector("metadata.name=x", (f) => f === "metadata.name")).toEqual([{ field: "metadata.name", op: "=", value: "x" }]);
    expect(() => parseFieldSelector("spec.x=1", () => false)).toThrow(/field label not supported/);
  });
});

describe("structural schema", () => {
  const schema = {
    type: "object",
    properties: {
      spec: {
        type: "object",
        properties: {
          timeout: { type: "integer", default: 300 },
          llm: { type: "object", default: {}, properties: { model: { type: "string", default: "m" } } },
          repos: { type: "array", items: { type: "object", properties: { url: { type: "string" }, branch: { type: "string", default: "main" } } } },
          free: { type: "object", "x-kubernetes-preserve-unknown-fields": true },
        },
      },
    },
  };
  it("prunes unknown fields except under preserve-unknown-fields", () => {
    const out = prune({ spec: { timeout: 1, junk: 2, repos: [{ url: "u", x: 1 }], free: { any: 1 } }, top: 1 }, schema);
    expect(out).toEqual({ spec: { timeout: 1, repos: [{ url: "u" }], free: { any: 1 } } });
  });
  it("applies defaults, including inside defaulted objects and array items", () => {
    expect(applyDefaults({ spec: { repos: [{ url: "u" }] } }, schema)).toEqual({ spec: { timeout: 300, llm: { model: "m" }, repos: [{ url: "u", branch: "main" }] } });
    expect(applyDefaults({ spec: { timeout: 5, llm: { model: "x" } } }, schema)).toEqual({ spec: { timeout: 5, llm: { model: "x" } } });
  });
});

describe("auth files", () => {
  it("reads kube-apiserver's token file format", () => {
    const t = parseTokenFile('# comment\nabc,alice,1,"g1,g2"\ndef,bob,2\n');
    expect(t.get("abc")).toEqual({ name: "alice", uid: "1", groups: ["g1", "g2"] });
    expect(t.get("def")?.groups).toEqual([]);
  });
  it("matches ABAC policies: namespace, readonly, non-resource paths, groups", () => {
    const [ns, ro, path, group] = parsePolicyFile(
      [
        '{"apiVersion":"abac.authorization.kubernetes.io/v1beta1","kind":"Policy","spec":{"user":"a","namespace":"team","resource":"*","apiGroup":"*"}}',
        '{"spec":{"user":"a","namespace":"*","resource":"namespaces","apiGroup":"","readonly":true}}',
        '{"spec":{"group":"system:authenticated","nonResourcePath":"/api*","readonly":true}}',
        '{"spec":{"group":"admins","namespace":"*","resource":"*","apiGroup":"*"}}',
      ].join("\n"),
    );
    const a = { name: "a", uid: "1", groups: ["system:authenticated"] };
    expect(policyAllows(ns, { user: a, verb: "delete", resource: "agenticsessions", apiGroup: "vteam.ambient-code", namespace: "team" })).toBe(true);
    expect(policyAllows(ns, { user: a, verb: "get", resource: "agenticsessions", apiGroup: "vteam.ambient-code", namespace: "other" })).toBe(false);
    expect(policyAllows(ro, { user: a, verb: "list", resource: "namespaces", apiGroup: "" })).toBe(true);
    expect(policyAllows(ro, { user: a, verb: "create", resource: "namespaces", apiGroup: "" })).toBe(false);
    expect(policyAllows(path, { user: a, verb: "get", path: "/apis/x" })).toBe(true);
    expect(policyAllows(path, { user: a, verb: "get", path: "/version" })).toBe(false);
    expect(policyAllows(group, { user: a, verb: "get", resource: "secrets", apiGroup: "", namespace: "x" })).toBe(false);
    expect(policyAllows(group, { user: { ...a, groups: ["admins"] }, verb: "get", resource: "secrets", apiGroup: "", namespace: "x" })).toBe(true);
  });
});

describe("request paths", () => {
  it("follows kube-apiserver's request-info rules", () => {
    expect(parseRoute("/api/v1/namespaces")).toMatchObject({ kind: "resource", plural: "namespaces", name: undefined });
    expect(parseRoute("/api/v1/namespaces/demo")).toMatchObject({ kind: "resource", plural: "namespaces", name: "demo" });
    expect(parseRoute("/api/v1/namespaces/demo/status")).toMatchObject({ plural: "namespaces", name: "demo", subresource: "status" });
    expect(parseRoute("/apis/vteam.ambient-code/v1alpha1/namespaces/demo/agenticsessions/s1/status")).toMatchObject({
      group: "vteam.ambient-code",
      namespace: "demo",
      plural: "agenticsessions",
      name: "s1",
      subresource: "status",
    });
    expect(parseRoute("/api/v1/namespaces/demo/services/svc:http/proxy/content/file")).toEqual({ kind: "proxy", namespace: "demo", service: "svc", port: "http", rest: "/content/file" });
    expect(parseRoute("/version")).toEqual({ kind: "nonResource", path: "/version" });
  });
});

describe("odds and ends", () => {
  it("merge-patches per RFC 7386", () => {
    expect(mergePatch({ a: 1, b: { c: 2, d: 3 } }, { b: { c: null, e: 4 }, f: [1] })).toEqual({ a: 1, b: { d: 3, e: 4 }, f: [1] });
  });
  it("evaluates printer-column paths and ages", () => {
    expect(evalJsonPath({ a: { b: [{ c: 1 }] } }, ".a.b[0].c")).toBe(1);
    expect(humanDuration(90_000)).toBe("90s");
    expect(humanDuration(3 * 86_400_000)).toBe("3d");
  });
  it("encodes the minimal OpenAPI v2 protobuf", () => {
    const b = minimalOpenApiV2Protobuf("v1");
    expect(b[0]).toBe(0x0a);
    expect(b.subarray(2, 5).toString()).toBe("2.0");
    expect(b[b.length - 2]).toBe(0x42);
  });
});
