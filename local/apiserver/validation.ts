// Object validation as kube-apiserver does it: metadata rules for every kind, and for custom
// resources the CRD's structural schema (pruning unknown fields, applying defaults, then checking
// with ajv). Problems come back as Status causes naming the field.
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import type { ResourceDef } from "./registry";

export interface Cause {
  reason: "FieldValueInvalid" | "FieldValueRequired" | "FieldValueNotSupported" | "FieldValueTooLong" | "FieldValueDuplicate";
  message: string;
  field: string;
}

type Schema = Record<string, unknown> & {
  type?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
  additionalProperties?: boolean | Schema;
  default?: unknown;
  "x-kubernetes-preserve-unknown-fields"?: boolean;
};

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Name rule per kind: namespaces (and services) are DNS labels, everything else a DNS subdomain. */
export function validateName(def: ResourceDef, name: string): string | undefined {
  const label = def.plural === "namespaces" || def.plural === "services";
  const max = label ? 63 : 253;
  if (name.length > max) return `must be no more than ${max} characters`;
  const re = label ? DNS1123_LABEL : DNS1123_SUBDOMAIN;
  if (!re.test(name)) {
    return label
      ? "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character"
      : "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
  }
  return undefined;
}

function validateKey(key: string): boolean {
  const parts = key.split("/");
  if (parts.length > 2) return false;
  const name = parts[parts.length - 1];
  if (!name || name.length > 63 || !QUALIFIED_NAME.test(name)) return false;
  if (parts.length === 2 && (parts[0].length > 253 || !DNS1123_SUBDOMAIN.test(parts[0]))) return false;
  return true;
}

export function validateMetadata(meta: Record<string, unknown>): Cause[] {
  const causes: Cause[] = [];
  for (const field of ["labels", "annotations"] as const) {
    const map = meta[field];
    if (map === undefined || map === null) continue;
    if (!isObject(map)) {
      causes.push({ reason: "FieldValueInvalid", field: `metadata.${field}`, message: "must be a map of string keys to string values" });
      continue;
    }
    let total = 0;
    for (const [k, v] of Object.entries(map)) {
      if (typeof v !== "string") {
        causes.push({ reason: "FieldValueInvalid", field: `metadata.${field}`, message: `value of ${JSON.stringify(k)} must be a string` });
        continue;
      }
      if (!validateKey(k)) causes.push({ reason: "FieldValueInvalid", field: `metadata.${field}`, message: `${JSON.stringify(k)}: not a valid qualified name` });
      if (field === "labels" && (v.length > 63 || !LABEL_VALUE.test(v)))
        causes.push({ reason: "FieldValueInvalid", field: `metadata.labels`, message: `${JSON.stringify(v)}: not a valid label value` });
      total += k.length + v.length;
    }
    if (field === "annotations" && total > 256 * 1024)
      causes.push({ reason: "FieldValueTooLong", field: "metadata.annotations", message: "may not be more than 262144 bytes" });
  }
  for (const field of ["finalizers"] as const) {
    const list = meta[field];
    if (list !== undefined && (!Array.isArray(list) || list.some((f) => typeof f !== "string")))
      causes.push({ reason: "FieldValueInvalid", field: `metadata.${field}`, message: "must be a list of strings" });
  }
  const owners = meta.ownerReferences;
  if (owners !== undefined) {
    if (!Array.isArray(owners)) causes.push({ reason: "FieldValueInvalid", field: "metadata.ownerReferences", message: "must be a list" });
    else
      owners.forEach((o, i) => {
        for (const k of ["apiVersion", "kind", "name", "uid"])
          if (!isObject(o) || typeof o[k] !== "string" || !o[k])
            causes.push({ reason: "FieldValueRequired", field: `metadata.ownerReferences[${i}].${k}`, message: "Required value" });
      });
  }
  return causes;
}

/** Remove fields the schema does not declare, as the API server prunes custom resources. */
export function prune(value: unknown, schema: Schema | undefined): unknown {
  if (!schema || schema["x-kubernetes-preserve-unknown-fields"]) return value;
  if (Array.isArray(value)) return schema.items ? value.map((v) => prune(v, schema.items)) : value;
  if (!isObject(value)) return value;
  if (schema.properties) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (schema.properties[k]) out[k] = prune(v, schema.properties[k]);
      else if (isObject(schema.additionalProperties)) out[k] = prune(v, schema.additionalProperties);
    }
    return out;
  }
  if (isObject(schema.additionalProperties)) {
    const ap = schema.additionalProperties;
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, prune(v, ap)]));
  }
  return value;
}

/** Fill in `default`s of absent properties, recursively (objects that exist, and array items). */
export function applyDefaults(value: unknown, schema: Schema | undefined): unknown {
  if (!schema) return value;
  if (Array.isArray(value)) return schema.items ? value.map((v) => applyDefaults(v, schema.items)) : value;
  if (!isObject(value) || !schema.properties) return value;
  const out: Record<string, unknown> = { ...value };
  for (const [k, sub] of Object.entries(schema.properties)) {
    if (out[k] === undefined && sub.default !== undefined) out[k] = structuredClone(sub.default);
    if (out[k] !== undefined) out[k] = applyDefaults(out[k], sub);
  }
  return out;
}

function fieldOf(e: ErrorObject): string {
  const base = e.instancePath
    .split("/")
    .slice(1)
    .map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"))
    .reduce((acc, p) => (/^\d+$/.test(p) ? `${acc}[${p}]` : acc ? `${acc}.${p}` : p), "");
  if (e.keyword === "required") return base ? `${base}.${(e.params as { missingProperty: string }).missingProperty}` : (e.params as { missingProperty: string }).missingProperty;
  return base;
}

function causeOf(e: ErrorObject, value: unknown): Cause {
  const field = fieldOf(e);
  const shown = JSON.stringify(value);
  switch (e.keyword) {
    case "required":
      return { reason: "FieldValueRequired", field, message: "Required value" };
    case "enum":
      return {
        reason: "FieldValueNotSupported",
        field,
        message: `Unsupported value: ${shown}: supported values: ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(", ")}`,
      };
    case "maxLength":
      return { reason: "FieldValueTooLong", field, message: `Too long: may not be more than ${(e.params as { limit: number }).limit} bytes` };
    case "type":
      return { reason: "FieldValueInvalid", field, message: `Invalid value: ${shown?.slice(0, 80)}: ${field} in body must be of type ${(e.params as { type: string }).type}` };
    default:
      return { reason: "FieldValueInvalid", field, message: `Invalid value: ${shown?.slice(0, 80)}: ${field} in body ${e.message}` };
  }
}

function valueAt(obj: unknown, instancePath: string): unknown {
  let cur = obj;
  for (const p of instancePath.split("/").slice(1)) cur = isObject(cur) || Array.isArray(cur) ? (cur as Record<string, unknown>)[p.replace(/~1/g, "/").replace(/~0/g, "~")] : undefined;
  return cur;
}

/** Compiled validators per custom resource. */
export class SchemaValidator {
  private readonly ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  private readonly compiled = new Map<ResourceDef, ValidateFunction>();

  /** Prune, default and validate the whole custom object; returns the cleaned object or causes. */
  check(def: ResourceDef, obj: Record<string, unknown>): { object: Record<string, unknown> } | { causes: Cause[] } {
    const schema = def.schema as Schema | undefined;
    if (!schema) return { object: obj };
    const { metadata, apiVersion, kind } = obj;
    const body = applyDefaults(prune(obj, schema), schema) as Record<string, unknown>;
    const cleaned = { ...body, apiVersion, kind, metadata };
    let validate = this.compiled.get(def);
    if (!validate) {
      // metadata is checked by validateMetadata; its schema in a CRD is just `type: object`.
      const props = { ...(schema.properties ?? {}), metadata: { type: "object" } };
      validate = this.ajv.compile({ ...schema, properties: props });
      this.compiled.set(def, validate);
    }
    if (validate(cleaned)) return { object: cleaned };
    const causes = (validate.errors ?? []).map((e) => causeOf(e, valueAt(cleaned, e.instancePath)));
    // ajv reports each failing branch; keep one cause per field and reason.
    const seen = new Set<string>();
    return { causes: causes.filter((c) => (seen.has(c.field + c.reason) ? false : (seen.add(c.field + c.reason), true))) };
  }
}
