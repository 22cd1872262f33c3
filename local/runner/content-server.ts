// The per-session content API (CONTRACT §6): browse, read, git status/diff, archive, and follow-up
// messages. Bad input is always a 4xx JSON body naming the field, never a 500.
import { spawn } from "node:child_process";
import { createReadStream, existsSync, mkdtempSync, rmSync } from "node:fs";
import { lstat, open, readdir } from "node:fs/promises";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { resolveWorkspacePath } from "../../lib/workspace/paths";
import { contentTypeFor } from "./content-type";
import { parsePorcelainStatus, runGit } from "./git";

export interface ContentServerOptions {
  workspaceDir: string;
  allowMessages: boolean;
  onMessage?: (text: string) => void | Promise<void>;
  host?: string;
  port?: number;
}

export interface ContentServer {
  port: number;
  close(): Promise<void>;
}

export const MAX_MESSAGE_CHARS = 100_000;
// A 100,000-character message is at most 400 KB of UTF-8; JSON escaping can double that.
const MAX_BODY_BYTES = 1024 * 1024;

class RequestError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

const bad = (message: string, field = "path") => new RequestError(400, "BadRequest", message, field);
const notFound = (message: string) => new RequestError(404, "NotFound", message);

function sendJson(res: http.ServerResponse, code: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(code, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(text), "cache-control": "no-store" });
  res.end(text);
}

function sendError(res: http.ServerResponse, e: RequestError): void {
  sendJson(res, e.code, { error: { code: e.code, reason: e.reason, message: e.message, ...(e.field ? { field: e.field } : {}) } });
}

function queryPath(url: URL): string {
  const values = url.searchParams.getAll("path");
  if (values.length > 1) throw bad("give path once");
  return values[0] ?? "";
}

function resolveOrThrow(root: string, rel: string, wantExists = true): { abs: string; rel: string } {
  const r = resolveWorkspacePath(root, rel);
  if (!r.ok) throw bad(r.reason);
  if (wantExists && !r.exists) throw notFound(`${rel || "."} does not exist`);
  return { abs: r.abs, rel: r.rel };
}

async function handleList(root: string, url: URL, res: http.ServerResponse): Promise<void> {
  const { abs } = resolveOrThrow(root, queryPath(url));
  const st = await lstat(abs);
  if (!st.isDirectory()) throw bad("path is not a folder");
  const names = await readdir(abs);
  const entries = [];
  for (const name of names) {
    try {
      const s = await lstat(path.join(abs, name));
      const type = s.isSymbolicLink() ? "symlink" : s.isDirectory() ? "dir" : "file";
      entries.push({ name, type, size: type === "file" ? s.size : 0, mtime: s.mtime.toISOString() });
    } catch {
      // Removed between readdir and lstat: leave it out.
    }
  }
  entries.sort((a, b) => (a.type === "dir") !== (b.type === "dir") ? (a.type === "dir" ? -1 : 1) : a.name.localeCompare(b.name));
  sendJson(res, 200, { entries });
}

async function handleFile(root: string, url: URL, res: http.ServerResponse): Promise<void> {
  const { abs } = resolveOrThrow(root, queryPath(url));
  const st = await lstat(abs);
  if (!st.isFile()) throw bad("path is not a file");
  const fh = await open(abs, "r");
  const head = Buffer.alloc(Math.min(8192, st.size));
  try {
    await fh.read(head, 0, head.length, 0);
  } finally {
    await fh.close();
  }
  res.writeHead(200, {
    "content-type": contentTypeFor(abs, head),
    "content-length": st.size,
    "x-content-type-options": "nosniff",
    "content-security-policy": "sandbox",
    "cache-control": "no-store",
  });
  await pipeStream(createReadStream(abs), res);
}

function pipeStream(stream: NodeJS.ReadableStream & { destroy(): void }, res: http.ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    stream.on("error", () => {
      res.destroy();
      resolve();
    });
    res.on("close", () => {
      stream.destroy();
      resolve();
    });
    stream.pipe(res);
  });
}

async function gitRepoOrThrow(root: string, url: URL): Promise<string> {
  const { abs } = resolveOrThrow(root, queryPath(url));
  if (!existsSync(path.join(abs, ".git"))) throw bad("path is not a git repository");
  return abs;
}

async function handleGitStatus(root: string, url: URL, res: http.ServerResponse): Promise<void> {
  const dir = await gitRepoOrThrow(root, url);
  const r = await runGit(["-C", dir, "status", "--porcelain=v1", "-b", "--untracked-files=all"]);
  if (r.code !== 0) throw new RequestError(422, "Invalid", `git status failed: ${r.stderr.trim()}`, "path");
  sendJson(res, 200, parsePorcelainStatus(r.stdout));
}

/**
 * Diff of the working tree (new files included) against HEAD. A throwaway index is used so the
 * repository's own index is never touched by a read.
 */
async function handleDiff(root: string, url: URL, res: http.ServerResponse): Promise<void> {
  const dir = await gitRepoOrThrow(root, url);
  const tmp = mkdtempSync(path.join(os.tmpdir(), "content-diff-"));
  try {
    const env = { GIT_INDEX_FILE: path.join(tmp, "index") };
    const hasHead = (await runGit(["-C", dir, "rev-parse", "--verify", "--quiet", "HEAD"])).code === 0;
    if (hasHead) await runGit(["-C", dir, "read-tree", "HEAD"], { env });
    await runGit(["-C", dir, "add", "-A", "."], { env });
    const args = hasHead ? ["diff", "--cached", "--no-color", "--no-ext-diff", "HEAD"] : ["diff", "--cached", "--no-color", "--no-ext-diff"];
    const r = await runGit(["-C", dir, ...args], { env });
    if (r.code !== 0) throw new RequestError(422, "Invalid", `git diff failed: ${r.stderr.trim()}`, "path");
    res.writeHead(200, { "content-type": "text/x-diff; charset=utf-8", "cache-control": "no-store" });
    res.end(r.stdout);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

async function handleArchive(root: string, url: URL, res: http.ServerResponse): Promise<void> {
  const { abs, rel } = resolveOrThrow(root, queryPath(url));
  const st = await lstat(abs);
  const cwd = rel === "" ? abs : path.dirname(abs);
  const member = rel === "" ? "." : path.basename(abs);
  const name = (rel === "" ? "workspace" : path.basename(abs)).replace(/[^A-Za-z0-9._-]/g, "_");
  if (!st.isDirectory() && !st.isFile()) throw bad("path is neither a file nor a folder");
  // tar stores symlinks as links (never follows them), so an archive cannot leak outside files.
  const tar = spawn("tar", ["-czf", "-", "-C", cwd, "--", member], { stdio: ["ignore", "pipe", "ignore"] });
  res.writeHead(200, {
    "content-type": "application/gzip",
    "content-disposition": `attachment; filename="${name}.tar.gz"`,
    "cache-control": "no-store",
  });
  res.on("close", () => tar.kill("SIGTERM"));
  await pipeStream(tar.stdout, res);
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let len = 0;
    req.on("data", (b: Buffer) => {
      len += b.length;
      if (len > MAX_BODY_BYTES) {
        reject(new RequestError(413, "RequestEntityTooLarge", `body larger than ${MAX_BODY_BYTES} bytes`, "text"));
        req.resume();
        return;
      }
      chunks.push(b);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/** Validate a follow-up message body; returns the text or a field error. */
export function parseMessageBody(raw: string): { ok: true; text: string } | { ok: false; message: string; field: string } {
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    return { ok: false, message: "body must be JSON: {\"text\": \"...\"}", field: "body" };
  }
  const text = (body as { text?: unknown } | null)?.text;
  if (typeof text !== "string") return { ok: false, message: "text must be a string", field: "text" };
  if (text.trim().length === 0) return { ok: false, message: "text must not be empty", field: "text" };
  if (text.length > MAX_MESSAGE_CHARS) return { ok: false, message: `text must be at most ${MAX_MESSAGE_CHARS} characters`, field: "text" };
  return { ok: true, text };
}

async function handleMessage(opts: ContentServerOptions, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  if (!opts.allowMessages) {
    req.resume();
    throw new RequestError(409, "Conflict", "this session does not take messages (not an interactive running session)");
  }
  const raw = await readBody(req);
  const parsed = parseMessageBody(raw.toString("utf8"));
  if (!parsed.ok) throw bad(parsed.message, parsed.field);
  await opts.onMessage?.(parsed.text);
  sendJson(res, 202, { accepted: true });
}

type Handler = (root: string, url: URL, res: http.ServerResponse) => Promise<void>;
const GET_ROUTES: Record<string, Handler> = {
  "/content/list": handleList,
  "/content/file": handleFile,
  "/content/git-status": handleGitStatus,
  "/content/diff": handleDiff,
  "/content/archive": handleArchive,
};

function mapFsError(e: unknown): RequestError | undefined {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (code === "ENOENT" || code === "ENOTDIR") return notFound("path does not exist");
  if (code === "EACCES" || code === "EPERM") return new RequestError(403, "Forbidden", "path is not readable");
  if (code === "EISDIR") return bad("path is a folder");
  return undefined;
}

export async function startContentServer(opts: ContentServerOptions): Promise<ContentServer> {
  const root = opts.workspaceDir;
  const server = http.createServer((req, res) => {
    void (async () => {
      try {
        const url = new URL(req.url ?? "/", "http://content.local");
        const route = url.pathname.replace(/\/+$/, "");
        if (route === "/healthz") return sendJson(res, 200, { ok: true });
        if (route === "/content/messages") {
          if (req.method !== "POST") throw new RequestError(405, "MethodNotAllowed", "use POST");
          return await handleMessage(opts, req, res);
        }
        const handler = GET_ROUTES[route];
        if (!handler) throw notFound(`no such endpoint: ${url.pathname}`);
        if (req.method !== "GET" && req.method !== "HEAD") throw new RequestError(405, "MethodNotAllowed", "use GET");
        await handler(root, url, res);
      } catch (e) {
        const err = e instanceof RequestError ? e : mapFsError(e);
        if (res.headersSent) return void res.destroy();
        if (err) return sendError(res, err);
        process.stderr.write(`content server: ${(e as Error)?.stack ?? String(e)}\n`);
        sendError(res, new RequestError(500, "InternalError", "internal error"));
      }
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, opts.host ?? "127.0.0.1", () => resolve());
  });
  const addr = server.address();
  const port = typeof addr === "object" && addr ? addr.port : 0;
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
