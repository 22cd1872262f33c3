import "server-only";
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdir, readdir, readFile, rename, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";

// The workflow catalog (CONTRACT.md §7): a git repository with `workflows/<name>/.ambient/ambient.json`.
// Cloned shallowly into a cache folder and re-read at most once a minute.

const run = promisify(execFile);
const TTL_MS = 60_000;
const MAX_WORKFLOWS = 200;

export interface CatalogWorkflow {
  id: string;
  name: string;
  description: string;
  gitUrl: string;
  branch: string;
  path: string;
  systemPrompt?: string;
  startupPrompt?: string;
}

export interface Catalog {
  gitUrl: string;
  branch: string;
  workflows: CatalogWorkflow[];
  fetchedAt: string;
  /** Set when the catalog could not be read; the picker still offers "custom". */
  error?: string;
}

/** Parse one `ambient.json`; anything malformed yields undefined (the folder is skipped). */
export function parseAmbientJson(text: string, folder: string, source: { gitUrl: string; branch: string }): CatalogWorkflow | undefined {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!v || typeof v !== "object") return undefined;
  const o = v as Record<string, unknown>;
  const str = (k: string) => (typeof o[k] === "string" ? (o[k] as string) : undefined);
  return {
    id: folder,
    name: str("name")?.trim() || folder,
    description: str("description") ?? "",
    gitUrl: source.gitUrl,
    branch: source.branch,
    path: `workflows/${folder}`,
    ...(str("systemPrompt") ? { systemPrompt: str("systemPrompt") } : {}),
    ...(str("startupPrompt") ? { startupPrompt: str("startupPrompt") } : {}),
  };
}

/** Read the workflows of a checked-out catalog folder, sorted by name. */
export async function readCatalogDir(dir: string, source: { gitUrl: string; branch: string }): Promise<CatalogWorkflow[]> {
  let folders: string[];
  try {
    folders = (await readdir(path.join(dir, "workflows"), { withFileTypes: true })).filter((d) => d.isDirectory() && !d.name.startsWith(".")).map((d) => d.name);
  } catch {
    return [];
  }
  const out: CatalogWorkflow[] = [];
  for (const folder of folders.slice(0, MAX_WORKFLOWS)) {
    try {
      const wf = parseAmbientJson(await readFile(path.join(dir, "workflows", folder, ".ambient", "ambient.json"), "utf8"), folder, source);
      if (wf) out.push(wf);
    } catch {
      // no ambient.json: not a workflow
    }
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

/** Shallow clone of one branch into a fresh folder, swapped in when complete. */
async function cloneInto(cacheRoot: string, gitUrl: string, branch: string): Promise<string> {
  const key = createHash("sha256").update(`${gitUrl}#${branch}`).digest("hex").slice(0, 16);
  const target = path.join(cacheRoot, key);
  const tmp = `${target}.${process.pid}.${Date.now()}`;
  await mkdir(cacheRoot, { recursive: true });
  try {
    // `--` keeps a URL from ever being read as an option; no hooks or prompts from a catalog repo.
    await run("git", ["-c", "core.hooksPath=/dev/null", "clone", "--quiet", "--depth", "1", "--branch", branch, "--", gitUrl, tmp], {
      timeout: 30_000,
      env: { ...process.env, GIT_TERMINAL_PROMPT: "0" },
    });
    await rm(target, { recursive: true, force: true });
    await rename(tmp, target);
    return target;
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

interface Entry {
  at: number;
  value: Promise<Catalog>;
}
const cache = new Map<string, Entry>();

/** The catalog at gitUrl/branch, cached for a minute; concurrent callers share one clone. */
export function loadCatalog(gitUrl: string, branch: string, opts: { cacheRoot?: string; now?: number } = {}): Promise<Catalog> {
  const now = opts.now ?? Date.now();
  const key = `${gitUrl}#${branch}`;
  const hit = cache.get(key);
  if (hit && now - hit.at < TTL_MS) return hit.value;
  const cacheRoot = opts.cacheRoot ?? path.join(os.tmpdir(), "session-console-catalog");
  const value = (async (): Promise<Catalog> => {
    try {
      const dir = await cloneInto(cacheRoot, gitUrl, branch);
      return { gitUrl, branch, workflows: await readCatalogDir(dir, { gitUrl, branch }), fetchedAt: new Date(now).toISOString() };
    } catch (e) {
      const stderr = (e as { stderr?: string }).stderr?.trim().split("\n").at(-1);
      // Failures are cached too (briefly), so a broken catalog URL does not clone on every request.
      return { gitUrl, branch, workflows: [], fetchedAt: new Date(now).toISOString(), error: stderr || (e as Error).message };
    }
  })();
  cache.set(key, { at: now, value });
  return value;
}
