// Server-side printing: `kubectl get` asks for a meta.k8s.io/v1 Table and shows its columns.
import type { PrinterColumn, ResourceDef } from "./registry";

type Obj = Record<string, unknown> & { metadata?: Record<string, unknown> };

const BUILTIN_COLUMNS: Record<string, PrinterColumn[]> = {
  namespaces: [{ name: "Status", type: "string", jsonPath: ".status.phase" }],
  events: [
    { name: "Type", type: "string", jsonPath: ".type" },
    { name: "Reason", type: "string", jsonPath: ".reason" },
    { name: "Object", type: "string", jsonPath: ".involvedObject.name" },
    { name: "Count", type: "integer", jsonPath: ".count" },
    { name: "Message", type: "string", jsonPath: ".message" },
  ],
  secrets: [{ name: "Type", type: "string", jsonPath: ".type" }],
  services: [{ name: "Type", type: "string", jsonPath: ".spec.type" }],
};

/** Evaluate the simple JSONPath CRDs use for printer columns (`.a.b`, `.a[0].b`). */
export function evalJsonPath(obj: unknown, jsonPath: string): unknown {
  const path = jsonPath.replace(/^\{|\}$/g, "").replace(/^\$/, "");
  const parts = path.split(/\.|\[(\d+)\]/).filter((p) => p !== undefined && p !== "");
  let cur: unknown = obj;
  for (const p of parts) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string, unknown>)[p];
  }
  return cur;
}

/** kubectl's age format: 45s, 12m, 5h, 3d, 2y. */
export function humanDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 120) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 10) return `${m}m${s % 60 ? `${s % 60}s` : ""}`;
  if (m < 180) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h`;
  const d = Math.floor(h / 24);
  if (d < 730) return `${d}d`;
  return `${Math.floor(d / 365)}y`;
}

function cell(value: unknown, type: string, now: number): unknown {
  if (value === undefined || value === null) return type === "string" || type === "date" ? "<none>" : null;
  if (type === "date") {
    const t = Date.parse(String(value));
    return Number.isNaN(t) ? String(value) : humanDuration(now - t);
  }
  if (typeof value === "object") return JSON.stringify(value);
  return value;
}

export function columnsFor(def: ResourceDef): PrinterColumn[] {
  const extra = def.custom ? def.printerColumns : BUILTIN_COLUMNS[def.plural] ?? [];
  const hasAge = extra.some((c) => c.name === "Age");
  return [
    { name: "Name", type: "string", jsonPath: ".metadata.name", description: "Name must be unique within a namespace." },
    ...extra,
    ...(hasAge ? [] : [{ name: "Age", type: "date", jsonPath: ".metadata.creationTimestamp" }]),
  ];
}

export type IncludeObject = "None" | "Metadata" | "Object";

export function toTable(def: ResourceDef, objects: Obj[], opts: { resourceVersion: string; continue?: string; remainingItemCount?: number; includeObject: IncludeObject; noHeaders?: boolean }) {
  const columns = columnsFor(def);
  const now = Date.now();
  return {
    kind: "Table",
    apiVersion: "meta.k8s.io/v1",
    metadata: {
      resourceVersion: opts.resourceVersion,
      ...(opts.continue ? { continue: opts.continue } : {}),
      ...(opts.remainingItemCount !== undefined ? { remainingItemCount: opts.remainingItemCount } : {}),
    },
    columnDefinitions: opts.noHeaders
      ? []
      : columns.map((c) => ({ name: c.name, type: c.type === "date" ? "string" : c.type, format: c.name === "Name" ? "name" : c.format ?? "", description: c.description ?? "", priority: c.priority ?? 0 })),
    rows: objects.map((o) => ({
      cells: columns.map((c) => cell(evalJsonPath(o, c.jsonPath), c.type, now)),
      ...(opts.includeObject === "None"
        ? {}
        : {
            object:
              opts.includeObject === "Object"
                ? o
                : { kind: "PartialObjectMetadata", apiVersion: "meta.k8s.io/v1", metadata: o.metadata },
          }),
    })),
  };
}

/** Whether the Accept header asks for a Table (kubectl get does; a plain list is the fallback). */
export function wantsTable(accept: string | undefined): boolean {
  if (!accept) return false;
  return accept.split(",").some((part) => /as=Table/.test(part) && /g=meta\.k8s\.io/.test(part) && /v=v1\b/.test(part));
}
