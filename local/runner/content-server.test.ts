import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseMessageBody, startContentServer, type ContentServer } from "./content-server";
import { contentTypeFor } from "./content-type";

const git = (cwd: string, ...args: string[]) =>
  execFileSync("git", ["-c", "user.email=t@example.com", "-c", "user.name=T", ...args], { cwd, stdio: "pipe" }).toString();

describe("content server", () => {
  let base: string;
  let ws: string;
  let server: ContentServer;
  let closedServer: ContentServer;
  const messages: string[] = [];
  const url = (p: string, s = server) => `http://127.0.0.1:${s.port}${p}`;

  beforeAll(async () => {
    base = mkdtempSync(path.join(os.tmpdir(), "content-srv-"));
    ws = path.join(base, "ws");
    const repo = path.join(ws, "demo");
    mkdirSync(repo, { recursive: true });
    mkdirSync(path.join(ws, "artifacts"));
    writeFileSync(path.join(ws, "artifacts", "summary.md"), "# Summary\n");
    writeFileSync(path.join(ws, "artifacts", "blob.bin"), Buffer.from([0, 1, 2, 3]));
    writeFileSync(path.join(base, "secret.txt"), "top secret");
    symlinkSync(base, path.join(ws, "escape"));
    symlinkSync(path.join(base, "secret.txt"), path.join(ws, "artifacts", "secret-link"));
    git(repo, "init", "-q", "-b", "main");
    writeFileSync(path.join(repo, "README.md"), "hello\n");
    writeFileSync(path.join(repo, "keep.txt"), "keep\n");
    git(repo, "add", ".");
    git(repo, "commit", "-q", "-m", "init");
    writeFileSync(path.join(repo, "README.md"), "hello\nworld\n");
    writeFileSync(path.join(repo, "new file.txt"), "brand new\n");
    server = await startContentServer({ workspaceDir: ws, allowMessages: true, onMessage: (t) => void messages.push(t) });
    closedServer = await startContentServer({ workspaceDir: ws, allowMessages: false });
  });
  afterAll(async () => {
    await server?.close();
    await closedServer?.close();
    rmSync(base, { recursive: true, force: true });
  });

  it("lists a folder with types, sizes and mtimes", async () => {
    const res = await fetch(url("/content/list?path="));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { entries: Array<{ name: string; type: string; size: number; mtime: string }> };
    const byName = Object.fromEntries(body.entries.map((e) => [e.name, e]));
    expect(byName.demo.type).toBe("dir");
    expect(byName.escape.type).toBe("symlink");
    expect(byName.artifacts.type).toBe("dir");
    expect(Number.isNaN(Date.parse(byName.demo.mtime))).toBe(false);
    const art = (await (await fetch(url("/content/list?path=artifacts"))).json()) as { entries: Array<{ name: string; size: number }> };
    expect(art.entries.find((e) => e.name === "summary.md")?.size).toBe(10);
  });

  it("serves file bytes with a content type", async () => {
    const res = await fetch(url("/content/file?path=artifacts/summary.md"));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(await res.text()).toBe("# Summary\n");
    const bin = await fetch(url("/content/file?path=artifacts/blob.bin"));
    expect(bin.headers.get("content-type")).toBe("application/octet-stream");
    expect(Buffer.from(await bin.arrayBuffer())).toEqual(Buffer.from([0, 1, 2, 3]));
  });

  it.each([
    "/content/file?path=../secret.txt",
    "/content/file?path=/etc/passwd",
    "/content/file?path=escape/secret.txt",
    "/content/file?path=artifacts/secret-link",
    "/content/list?path=escape",
    "/content/file?path=a%00b",
    "/content/file?path=artifacts%5Csummary.md",
    "/content/archive?path=escape",
    "/content/git-status?path=..",
    "/content/file?path=a&path=b",
  ])("refuses %s with 400 naming the path field", async (p) => {
    const res = await fetch(url(p));
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: number; reason: string; field: string; message: string } };
    expect(body.error).toMatchObject({ code: 400, reason: "BadRequest", field: "path" });
    expect(body.error.message).toBeTruthy();
  });

  it("answers 404 JSON for missing paths and unknown endpoints, 400 for wrong kinds", async () => {
    for (const p of ["/content/file?path=nope.txt", "/content/list?path=nope", "/nothing"]) {
      const res = await fetch(url(p));
      expect(res.status, p).toBe(404);
      expect(((await res.json()) as { error: { code: number } }).error.code).toBe(404);
    }
    expect((await fetch(url("/content/file?path=artifacts"))).status).toBe(400);
    expect((await fetch(url("/content/list?path=artifacts/summary.md"))).status).toBe(400);
    expect((await fetch(url("/content/git-status?path=artifacts"))).status).toBe(400);
  });

  it("reports git status of a repo folder", async () => {
    const res = await fetch(url("/content/git-status?path=demo"));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { branch: string; files: Array<{ path: string; status: string }> };
    expect(body.branch).toBe("main");
    expect(body.files).toEqual(
      expect.arrayContaining([
        { path: "README.md", status: "M" },
        { path: "new file.txt", status: "??" },
      ]),
    );
  });

  it("diffs the working tree against HEAD, new files included, without touching the index", async () => {
    const res = await fetch(url("/content/diff?path=demo"));
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain("+world");
    expect(text).toContain("+brand new");
    expect(text).not.toContain("keep.txt");
    // The real index still sees the new file as untracked.
    expect(git(path.join(ws, "demo"), "status", "--porcelain")).toContain("?? \"new file.txt\"");
  });

  it("streams a tar.gz archive of a folder", async () => {
    const res = await fetch(url("/content/archive?path=artifacts"));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/gzip");
    const tar = gunzipSync(Buffer.from(await res.arrayBuffer())).toString("latin1");
    expect(tar).toContain("artifacts/summary.md");
    expect(tar).toContain("# Summary");
    expect(tar).not.toContain("top secret");
  });

  it("takes follow-up messages with 202 and validates them", async () => {
    const post = (body: string, s = server) => fetch(url("/content/messages", s), { method: "POST", body, headers: { "content-type": "application/json" } });
    const ok = await post(JSON.stringify({ text: "please continue" }));
    expect(ok.status).toBe(202);
    expect(messages).toContain("please continue");
    for (const [body, field] of [
      ["{}", "text"],
      [JSON.stringify({ text: "" }), "text"],
      [JSON.stringify({ text: "x".repeat(100_001) }), "text"],
      ["not json", "body"],
      ["null", "text"],
    ]) {
      const res = await post(body);
      expect(res.status, body.slice(0, 20)).toBe(400);
      expect(((await res.json()) as { error: { field: string } }).error.field).toBe(field);
    }
    expect((await post(JSON.stringify({ text: "x".repeat(100_000) }))).status).toBe(202);
    const closed = await post(JSON.stringify({ text: "hi" }), closedServer);
    expect(closed.status).toBe(409);
    expect((await fetch(url("/content/messages"))).status).toBe(405);
  });
});

describe("pure helpers", () => {
  it("picks content types by extension and sniffs unknown ones", () => {
    expect(contentTypeFor("a.png")).toBe("image/png");
    expect(contentTypeFor("index.html")).toBe("text/plain; charset=utf-8");
    expect(contentTypeFor("Makefile")).toBe("text/plain; charset=utf-8");
    expect(contentTypeFor("data.xyz", Buffer.from("plain"))).toBe("text/plain; charset=utf-8");
    expect(contentTypeFor("data.xyz", Buffer.from([0, 159]))).toBe("application/octet-stream");
  });
  it("validates message bodies", () => {
    expect(parseMessageBody(JSON.stringify({ text: "hi" }))).toEqual({ ok: true, text: "hi" });
    expect(parseMessageBody(JSON.stringify({ text: 3 })).ok).toBe(false);
    expect(parseMessageBody("   ").ok).toBe(false);
  });
});
