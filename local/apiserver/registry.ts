// What the server serves: a few built-in core/v1 kinds and every CRD in deploy/crds at start.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseAllDocuments } from "yaml";

export interface PrinterColumn {
  name: string;
  type: string;
  jsonPath: string;
  description?: string;
  priority?: number;
  format?: string;
}

export interface ResourceDef {
  group: string; // "" for core
  version: string;
  plural: string;
  singular: string;
  kind: string;
  listKind: string;
  namespaced: boolean;
  shortNames: string[];
  /** Custom resources: OpenAPI v3 schema of the served version (validation, defaults, pruning). */
  schema?: Record<string, unknown>;
  hasStatus: boolean;
  printerColumns: PrinterColumn[];
  custom: boolean;
}

export const ALL_VERBS = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

export function apiVersionOf(def: ResourceDef): string {
  return def.group ? `${def.group}/${def.version}` : def.version;
}

/** Storage key prefix: resource name qualified by group, like etcd's `/registry/<group>/<plural>`. */
export function storageKey(def: ResourceDef): string {
  return def.group ? `${def.plural}.${def.group}` : def.plural;
}

function core(plural: string, kind: string, namespaced: boolean, shortNames: string[] = [], hasStatus = false): ResourceDef {
  return {
    group: "",
    version: "v1",
    plural,
    singular: kind.toLowerCase(),
    kind,
    listKind: `${kind}List`,
    namespaced,
    shortNames,
    hasStatus,
    printerColumns: [],
    custom: false,
  };
}

export const BUILTIN_RESOURCES: ResourceDef[] = [
  core("namespaces", "Namespace", false, ["ns"], true),
  core("events", "Event", true, ["ev"]),
  core("secrets", "Secret", true),
  core("configmaps", "ConfigMap", true, ["cm"]),
  core("services", "Service", true, ["svc"], true),
  core("endpoints", "Endpoints", true, ["ep"]),
];

interface CrdDoc {
  apiVersion?: string;
  kind?: string;
  spec?: {
    group: string;
    scope: "Namespaced" | "Cluster";
    names: { plural: string; singular?: string; kind: string; listKind?: string; shortNames?: string[] };
    versions: Array<{
      name: string;
      served: boolean;
      storage: boolean;
      subresources?: { status?: object };
      additionalPrinterColumns?: PrinterColumn[];
      schema?: { openAPIV3Schema?: Record<string, unknown> };
    }>;
  };
}

/** Read every CustomResourceDefinition in `dir` (multi-document YAML files). */
export function loadCrds(dir: string): ResourceDef[] {
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort();
  } catch {
    return [];
  }
  const defs: ResourceDef[] = [];
  for (const file of files) {
    for (const doc of parseAllDocuments(readFileSync(path.join(dir, file), "utf8"))) {
      const crd = doc.toJSON() as CrdDoc | null;
      if (!crd || crd.kind !== "CustomResourceDefinition" || !crd.spec) continue;
      const { spec } = crd;
      for (const v of spec.versions.filter((x) => x.served)) {
        defs.push({
          group: spec.group,
          version: v.name,
          plural: spec.names.plural,
          singular: spec.names.singular ?? spec.names.kind.toLowerCase(),
          kind: spec.names.kind,
          listKind: spec.names.listKind ?? `${spec.names.kind}List`,
          namespaced: spec.scope === "Namespaced",
          shortNames: spec.names.shortNames ?? [],
          schema: v.schema?.openAPIV3Schema,
          hasStatus: Boolean(v.subresources?.status),
          printerColumns: v.additionalPrinterColumns ?? [],
          custom: true,
        });
      }
    }
  }
  return defs;
}

export class Registry {
  constructor(readonly resources: ResourceDef[]) {}

  find(group: string, version: string, plural: string): ResourceDef | undefined {
    return this.resources.find((r) => r.group === group && r.version === version && r.plural === plural);
  }

  groups(): Array<{ name: string; versions: string[] }> {
    const map = new Map<string, string[]>();
    for (const r of this.resources) {
      if (!r.group) continue;
      const versions = map.get(r.group) ?? [];
      if (!versions.includes(r.version)) versions.push(r.version);
      map.set(r.group, versions);
    }
    return [...map].map(([name, versions]) => ({ name, versions }));
  }
}
