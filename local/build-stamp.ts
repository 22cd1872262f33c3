import { createHash } from "node:crypto";
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";

// What a production build depends on; a change to any of these makes `npm start` rebuild.
const INPUTS = ["app", "components", "lib", "types", "public", "next.config.ts", "postcss.config.mjs", "tsconfig.json", "package-lock.json"];
const SKIP = /(^|\/)(node_modules|\.next)(\/|$)|\.test\.tsx?$/;

function* files(root: string, rel: string): Generator<string> {
  const full = path.join(root, rel);
  if (!existsSync(full)) return;
  if (statSync(full).isFile()) {
    yield rel;
    return;
  }
  for (const entry of readdirSync(full).sort()) {
    const child = path.posix.join(rel, entry);
    if (!SKIP.test(child)) yield* files(root, child);
  }
}

/** Content hash of every build input (content, not mtimes: a fresh clone has new mtimes). */
export function sourceHash(root: string): string {
  const hash = createHash("sha256");
  for (const input of INPUTS) {
    for (const rel of files(root, input)) {
      hash.update(rel).update("\0").update(readFileSync(path.join(root, rel))).update("\0");
    }
  }
  return hash.digest("hex");
}

const stampFile = (root: string) => path.join(root, ".next", "source-hash");

export function buildIsCurrent(root: string): boolean {
  if (!existsSync(path.join(root, ".next", "BUILD_ID"))) return false;
  try {
    return readFileSync(stampFile(root), "utf8").trim() === sourceHash(root);
  } catch {
    return false;
  }
}

export function recordBuild(root: string): void {
  writeFileSync(stampFile(root), `${sourceHash(root)}\n`);
}
