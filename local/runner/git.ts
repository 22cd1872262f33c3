// Real `git` for the runner: clones for repos and workflows, status and diff for the content server.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, renameSync, rmSync } from "node:fs";
import path from "node:path";

export interface GitResult {
  code: number;
  stdout: string;
  stderr: string;
}

// Never wait for a password prompt or an unknown host key: a headless runner must fail fast.
const GIT_ENV = {
  GIT_TERMINAL_PROMPT: "0",
  GIT_ASKPASS: "",
  SSH_ASKPASS: "",
  GIT_SSH_COMMAND: "ssh -o BatchMode=yes -o StrictHostKeyChecking=accept-new",
  LC_ALL: "C",
};

export function runGit(args: string[], opts: { cwd?: string; env?: Record<string, string>; maxBytes?: number; timeoutMs?: number; signal?: AbortSignal } = {}): Promise<GitResult> {
  const maxBytes = opts.maxBytes ?? 20 * 1024 * 1024;
  return new Promise((resolve) => {
    const child = spawn("git", args, {
      cwd: opts.cwd,
      env: { ...process.env, ...GIT_ENV, ...opts.env },
      stdio: ["ignore", "pipe", "pipe"],
      signal: opts.signal,
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let outLen = 0;
    let truncated = false;
    child.stdout.on("data", (b: Buffer) => {
      if (outLen + b.length > maxBytes) {
        truncated = true;
        child.kill("SIGTERM");
        return;
      }
      outLen += b.length;
      out.push(b);
    });
    child.stderr.on("data", (b: Buffer) => err.push(b));
    const timer = opts.timeoutMs ? setTimeout(() => child.kill("SIGTERM"), opts.timeoutMs) : undefined;
    child.on("error", (e) => {
      if (timer) clearTimeout(timer);
      resolve({ code: 127, stdout: "", stderr: `git could not run: ${e.message}` });
    });
    child.on("close", (code) => {
      if (timer) clearTimeout(timer);
      const stderr = Buffer.concat(err).toString("utf8") + (truncated ? `\noutput larger than ${maxBytes} bytes` : "");
      resolve({ code: truncated ? 1 : (code ?? 1), stdout: Buffer.concat(out).toString("utf8"), stderr });
    });
  });
}

/** git's error text, trimmed to what a person needs (the `fatal:`/`error:` lines when present). */
export function gitMessage(stderr: string): string {
  const lines = stderr.split("\n").map((l) => l.trim()).filter(Boolean);
  const important = lines.filter((l) => /^(fatal|error|remote|ERROR):/i.test(l));
  const text = (important.length ? important : lines).join("\n");
  return text.length > 2000 ? text.slice(0, 2000) + "…" : text || "git failed";
}

export async function currentBranch(dir: string): Promise<string | undefined> {
  if (!existsSync(path.join(dir, ".git"))) return undefined;
  const r = await runGit(["-C", dir, "symbolic-ref", "--quiet", "--short", "HEAD"]);
  return r.code === 0 ? r.stdout.trim() : undefined;
}

export type CloneOutcome = { ok: true; reused: boolean } | { ok: false; message: string };

/**
 * Clone `url` at `branch` into `dest`. Cloned into a sibling temp folder first and renamed, so a
 * crash never leaves a half clone that a restart would take for a finished one.
 */
export async function cloneRepo(url: string, branch: string, dest: string, opts: { depth?: number; tmpDir: string; signal?: AbortSignal }): Promise<CloneOutcome> {
  if (existsSync(dest)) {
    // The workspace survives restarts: a clone of the same URL on the same branch is kept as is.
    const b = await currentBranch(dest);
    const origin = (await runGit(["-C", dest, "config", "--get", "remote.origin.url"])).stdout.trim();
    if (b === branch && origin === url) return { ok: true, reused: true };
    rmSync(dest, { recursive: true, force: true });
  }
  mkdirSync(opts.tmpDir, { recursive: true });
  const tmp = path.join(opts.tmpDir, `clone-${path.basename(dest)}-${process.pid}-${Date.now()}`);
  const args = ["clone", "--quiet", "--branch", branch, "--single-branch"];
  if (opts.depth) args.push("--depth", String(opts.depth));
  // `--` so a URL can never be taken for an option.
  args.push("--", url, tmp);
  const r = await runGit(args, { timeoutMs: 10 * 60_000, signal: opts.signal });
  if (r.code !== 0) {
    rmSync(tmp, { recursive: true, force: true });
    return { ok: false, message: gitMessage(r.stderr) };
  }
  mkdirSync(path.dirname(dest), { recursive: true });
  renameSync(tmp, dest);
  return { ok: true, reused: false };
}

export interface GitStatus {
  branch: string | null;
  files: Array<{ path: string; status: string }>;
}

/** Parse `git status --porcelain=v1 -b` output. */
export function parsePorcelainStatus(text: string): GitStatus {
  let branch: string | null = null;
  const files: GitStatus["files"] = [];
  for (const line of text.split("\n")) {
    if (!line) continue;
    if (line.startsWith("## ")) {
      const head = line.slice(3);
      if (head.startsWith("No commits yet on ")) branch = head.slice("No commits yet on ".length).trim();
      else if (head.startsWith("HEAD (no branch)")) branch = null;
      else branch = head.split("...")[0].split(" ")[0];
      continue;
    }
    const status = line.slice(0, 2).trim() || line.slice(0, 2);
    let p = line.slice(3);
    const arrow = p.indexOf(" -> ");
    if (arrow >= 0) p = p.slice(arrow + 4);
    files.push({ path: unquote(p), status });
  }
  return { branch, files };
}

// git quotes paths with unusual characters as C strings.
function unquote(p: string): string {
  if (!(p.startsWith('"') && p.endsWith('"'))) return p;
  const body = p.slice(1, -1);
  const bytes: number[] = [];
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c !== "\\") {
      bytes.push(...Buffer.from(c, "utf8"));
      continue;
    }
    const n = body[++i];
    if (/[0-7]/.test(n)) {
      bytes.push(parseInt(body.slice(i, i + 3), 8));
      i += 2;
    } else bytes.push(({ n: 10, t: 9, r: 13, '"': 34, "\\": 92, a: 7, b: 8, f: 12, v: 11 } as Record<string, number>)[n] ?? n.charCodeAt(0));
  }
  return Buffer.from(bytes).toString("utf8");
}
