// Content types for workspace files served through the API proxy.
import path from "node:path";

const TEXT_EXTENSIONS = new Set(
  "txt md markdown ts tsx js jsx mjs cjs json jsonl yaml yml toml ini cfg conf py rb go rs java kt c h cc cpp hpp cs php sh bash zsh fish sql css scss less html htm xml csv tsv log diff patch env gitignore dockerfile makefile lock properties gradle swift scala r lua pl vue svelte".split(" "),
);
const BINARY_TYPES: Record<string, string> = {
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  gif: "image/gif",
  webp: "image/webp",
  ico: "image/x-icon",
  pdf: "application/pdf",
  zip: "application/zip",
  gz: "application/gzip",
  tgz: "application/gzip",
  wasm: "application/wasm",
};

/** Content type by extension; unknown extensions are sniffed for NUL bytes (text vs binary). */
export function contentTypeFor(name: string, head?: Buffer): string {
  const base = path.basename(name).toLowerCase();
  const ext = base.includes(".") ? base.slice(base.lastIndexOf(".") + 1) : base;
  if (BINARY_TYPES[ext]) return BINARY_TYPES[ext];
  // HTML and SVG are served as text: the proxy's origin must never run workspace scripts.
  if (TEXT_EXTENSIONS.has(ext) || ext === "svg") return "text/plain; charset=utf-8";
  if (head && !head.includes(0)) return "text/plain; charset=utf-8";
  return "application/octet-stream";
}
