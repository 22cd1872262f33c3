// How the viewer shows a workspace file: inline image, highlighted text, or download only.

export const PREVIEW_MAX_BYTES = 2 * 1024 * 1024;
/** Highlighting is quadratic-ish on pathological input; past this, plain text with line numbers. */
export const HIGHLIGHT_MAX_BYTES = 256 * 1024;

const IMAGE_EXT = new Set(["png", "jpg", "jpeg", "gif", "webp", "svg", "ico", "bmp", "avif"]);
const BINARY_EXT = new Set(["zip", "gz", "tgz", "tar", "bz2", "xz", "7z", "jar", "class", "exe", "dll", "so", "dylib", "o", "a", "pdf", "woff", "woff2", "ttf", "otf", "mp3", "mp4", "mov", "wasm", "pyc", "sqlite", "db"]);

/** highlight.js language per extension; only these languages are ever loaded. */
const LANGUAGE_BY_EXT: Record<string, string> = {
  ts: "typescript", tsx: "typescript", mts: "typescript", cts: "typescript",
  js: "javascript", jsx: "javascript", mjs: "javascript", cjs: "javascript",
  json: "json", jsonl: "json",
  py: "python", go: "go", rs: "rust", java: "java", rb: "ruby",
  sh: "bash", bash: "bash", zsh: "bash",
  yml: "yaml", yaml: "yaml",
  md: "markdown", markdown: "markdown",
  css: "css", scss: "css",
  html: "xml", htm: "xml", xml: "xml", svg: "xml",
  sql: "sql", diff: "diff", patch: "diff",
  c: "c", h: "c", cpp: "cpp", cc: "cpp", hpp: "cpp",
  toml: "ini", ini: "ini", cfg: "ini",
};
const LANGUAGE_BY_NAME: Record<string, string> = { dockerfile: "dockerfile", makefile: "makefile" };

export const HIGHLIGHT_LANGUAGES = [...new Set([...Object.values(LANGUAGE_BY_EXT), ...Object.values(LANGUAGE_BY_NAME)])];

export function extensionOf(name: string): string {
  const base = name.split("/").pop() ?? name;
  const dot = base.lastIndexOf(".");
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : "";
}

export function languageFor(name: string): string | undefined {
  const base = (name.split("/").pop() ?? name).toLowerCase();
  return LANGUAGE_BY_NAME[base] ?? LANGUAGE_BY_EXT[extensionOf(base)];
}

export type FileKind = "image" | "text" | "binary" | "too-large";

/** Decided from the listing alone (before any bytes are read). */
export function kindFromName(name: string, size: number): FileKind {
  const ext = extensionOf(name);
  if (IMAGE_EXT.has(ext)) return size <= 20 * PREVIEW_MAX_BYTES ? "image" : "too-large";
  if (BINARY_EXT.has(ext)) return "binary";
  return size > PREVIEW_MAX_BYTES ? "too-large" : "text";
}

/** Bytes that are not text: a NUL in the first 8 KB, or not valid UTF-8 there. */
export function looksBinary(bytes: Uint8Array): boolean {
  const head = bytes.subarray(0, 8192);
  if (head.includes(0)) return true;
  try {
    // A multi-byte character cut at the 8 KB edge is still text: decode in streaming mode.
    new TextDecoder("utf-8", { fatal: true }).decode(head, { stream: head.length < bytes.length });
    return false;
  } catch {
    return true;
  }
}
