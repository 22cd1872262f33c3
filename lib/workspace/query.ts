// Route-level checks of workspace reads: the path is validated here before anything is proxied, and
// again by the content server (which also resolves symlinks). Bad input → 400 naming `path`.
import { HttpError } from "../http/api-error";
import { checkRelativePath } from "./paths";

const badPath = (message: string) => new HttpError(400, "BadRequest", `path: ${message}`, [{ field: "path", message }]);

/**
 * The `path` query parameter as a normalised workspace-relative path ("" = the root). Refuses a
 * repeated parameter, `..`, absolute paths, backslashes, NUL and other control characters.
 */
export function workspacePathParam(params: URLSearchParams, opts: { required?: boolean } = {}): string {
  const values = params.getAll("path");
  if (values.length > 1) throw badPath("give path once");
  const raw = values[0] ?? "";
  if (opts.required && raw === "") throw badPath("a path is required");
  // Control characters have no business in a path someone clicked; they only confuse logs and headers.
  if (/[\u0000-\u001f\u007f]/.test(raw)) throw badPath("path must not contain control characters");
  const check = checkRelativePath(raw);
  if (!check.ok) throw badPath(check.reason);
  if (opts.required && check.segments.length === 0) throw badPath("a path inside the workspace is required");
  return check.segments.join("/");
}

/** A boolean flag parameter: present as "1"/"true" means on. */
export function flagParam(params: URLSearchParams, name: string): boolean {
  const v = params.get(name);
  return v === "1" || v === "true";
}

/**
 * `Content-Disposition` for a file name from the workspace: an ASCII fallback plus the exact name
 * in RFC 5987 form, so quotes, semicolons or non-ASCII never break or inject header fields.
 */
export function contentDisposition(fileName: string, kind: "attachment" | "inline"): string {
  // Lone surrogates would make encodeURIComponent throw: replace them first.
  const base = fileName.toWellFormed().split("/").pop() || "download";
  const ascii = base.replace(/[^\x20-\x7e]|["\\%;]/g, "_").slice(0, 150) || "download";
  const encoded = encodeURIComponent(base).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
