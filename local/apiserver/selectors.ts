// Label and field selectors with the API server's grammar.
import { ApiError, errors } from "./status";

export type LabelRequirement =
  | { key: string; op: "=" | "!="; value: string }
  | { key: string; op: "in" | "notin"; values: string[] }
  | { key: string; op: "exists" | "!exists" };

function splitTopLevel(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = "";
  for (const ch of s) {
    if (ch === "(") depth++;
    if (ch === ")") depth--;
    if (ch === "," && depth === 0) {
      out.push(cur);
      cur = "";
    } else cur += ch;
  }
  out.push(cur);
  return out.map((x) => x.trim()).filter(Boolean);
}

const KEY = /^([a-z0-9A-Z]([-a-z0-9A-Z_.]*[a-z0-9A-Z])?\/)?[a-z0-9A-Z]([-a-z0-9A-Z_.]*[a-z0-9A-Z])?$/;
const VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

export function parseLabelSelector(selector: string | null | undefined): LabelRequirement[] {
  if (!selector?.trim()) return [];
  return splitTopLevel(selector).map((part): LabelRequirement => {
    let m: RegExpExecArray | null;
    const bad = (why: string): ApiError => errors.badRequest(`unable to parse requirement: ${JSON.stringify(part)}: ${why}`);
    const check = (key: string, values: string[]) => {
      if (!KEY.test(key)) throw bad("invalid label key");
      if (values.some((v) => !VALUE.test(v))) throw bad("invalid label value");
    };
    if ((m = /^(\S+)\s+(in|notin)\s*\(([^)]*)\)$/.exec(part))) {
      const values = m[3].split(",").map((v) => v.trim());
      check(m[1], values);
      return { key: m[1], op: m[2] as "in" | "notin", values };
    }
    if ((m = /^!\s*(\S+)$/.exec(part))) {
      check(m[1], []);
      return { key: m[1], op: "!exists" };
    }
    if ((m = /^([^=!\s]+)\s*(==|=|!=)\s*(\S*)$/.exec(part))) {
      check(m[1], [m[3]]);
      return { key: m[1], op: m[2] === "!=" ? "!=" : "=", value: m[3] };
    }
    if ((m = /^(\S+)$/.exec(part))) {
      check(m[1], []);
      return { key: m[1], op: "exists" };
    }
    throw bad("unknown operator");
  });
}

export function labelsMatch(reqs: LabelRequirement[], labels: Record<string, string> | undefined): boolean {
  const l = labels ?? {};
  return reqs.every((r) => {
    const has = Object.prototype.hasOwnProperty.call(l, r.key);
    switch (r.op) {
      case "=":
        return has && l[r.key] === r.value;
      case "!=":
        return !has || l[r.key] !== r.value;
      case "in":
        return has && r.values.includes(l[r.key]);
      case "notin":
        return !has || !r.values.includes(l[r.key]);
      case "exists":
        return has;
      case "!exists":
        return !has;
    }
  });
}

export interface FieldRequirement {
  field: string;
  op: "=" | "!=";
  value: string;
}

export function parseFieldSelector(selector: string | null | undefined, allowed: (field: string) => boolean): FieldRequirement[] {
  if (!selector?.trim()) return [];
  return selector
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean)
    .map((part) => {
      const m = /^([^=!]+?)\s*(==|=|!=)\s*(.*)$/.exec(part);
      if (!m) throw errors.badRequest(`invalid field selector: ${JSON.stringify(part)}`);
      if (!allowed(m[1])) throw errors.badRequest(`field label not supported: ${m[1]}`);
      return { field: m[1], op: m[2] === "!=" ? "!=" : "=", value: m[3] } as FieldRequirement;
    });
}

function fieldValue(obj: Record<string, unknown>, path: string): string {
  let cur: unknown = obj;
  for (const p of path.split(".")) cur = typeof cur === "object" && cur !== null ? (cur as Record<string, unknown>)[p] : undefined;
  return cur === undefined || cur === null ? "" : String(cur);
}

export function fieldsMatch(reqs: FieldRequirement[], obj: Record<string, unknown>): boolean {
  return reqs.every((r) => (fieldValue(obj, r.field) === r.value) === (r.op === "="));
}
