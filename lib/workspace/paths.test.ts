import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkRelativePath, isSafeSegment, resolveWorkspacePath } from "./paths";

describe("checkRelativePath", () => {
  it.each(["", ".", "a", "a/b", "a/./b", "a//b/", "dir with space/f.txt", "..hidden", "a/..b", "é/ü"])("accepts %j", (p) => {
    expect(checkRelativePath(p).ok).toBe(true);
  });

  it.each([
    ["..", "'..'"],
    ["a/../b", "'..'"],
    ["a/..", "'..'"],
    ["/etc/passwd", "relative"],
    ["a\\b", "backslash"],
    ["..\\x", "backslash"],
    ["a\0b", "NUL"],
    ["x".repeat(5000), "longer"],
  ])("refuses %j", (p, why) => {
    const r = checkRelativePath(p);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain(why);
  });

  it("property: accepted paths never contain a '..' segment, NUL or backslash and are not absolute", () => {
    const seg = fc.constantFrom("a", "b", "..", ".", "", "/", "\\", "\0", "x y", "...");
    fc.assert(
      fc.property(fc.array(seg, { maxLength: 8 }), (parts) => {
        const p = parts.join("/");
        const r = checkRelativePath(p);
        if (r.ok) {
          expect(r.segments).not.toContain("..");
          expect(p.includes("\0") || p.includes("\\") || p.startsWith("/")).toBe(false);
        }
      }),
    );
  });

  it("property: any path with a '..' segment is refused", () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[a-z.]{0,4}$/)), fc.array(fc.stringMatching(/^[a-z.]{0,4}$/)), (before, after) => {
        const p = [...before, "..", ...after].join("/");
        expect(checkRelativePath(p).ok).toBe(false);
      }),
    );
  });
});

describe("isSafeSegment", () => {
  it("accepts plain names and refuses separators, dots and empty", () => {
    expect(isSafeSegment("repo")).toBe(true);
    expect(isSafeSegment("my.repo-1")).toBe(true);
    for (const bad of ["", ".", "..", "a/b", "a\\b", "a\0"]) expect(isSafeSegment(bad)).toBe(false);
  });
});

describe("resolveWorkspacePath", () => {
  let base: string;
  let root: string;
  let outside: string;

  beforeAll(() => {
    base = mkdtempSync(path.join(os.tmpdir(), "ws-paths-"));
    root = path.join(base, "ws");
    outside = path.join(base, "outside");
    mkdirSync(path.join(root, "repo", "src"), { recursive: true });
    mkdirSync(outside);
    writeFileSync(path.join(root, "repo", "src", "a.txt"), "a");
    writeFileSync(path.join(outside, "secret.txt"), "s");
    symlinkSync(outside, path.join(root, "escape"));
    symlinkSync(path.join(outside, "secret.txt"), path.join(root, "secret-link"));
    symlinkSync("../../outside/nowhere", path.join(root, "repo", "dangling-out"));
    symlinkSync("src/missing", path.join(root, "repo", "dangling-in"));
    symlinkSync("src", path.join(root, "repo", "inner-link"));
  });
  afterAll(() => rmSync(base, { recursive: true, force: true }));

  it("resolves existing files and the root", () => {
    const r = resolveWorkspacePath(root, "repo/src/a.txt");
    expect(r).toMatchObject({ ok: true, exists: true, rel: "repo/src/a.txt" });
    expect(resolveWorkspacePath(root, "")).toMatchObject({ ok: true, exists: true, rel: "" });
  });

  it("follows symlinks that stay inside", () => {
    const r = resolveWorkspacePath(root, "repo/inner-link/a.txt");
    expect(r.ok && r.exists && r.abs.endsWith(path.join("repo", "src", "a.txt"))).toBe(true);
  });

  it("refuses symlinks leading outside, also through missing children and dangling links", () => {
    for (const p of ["escape", "escape/secret.txt", "secret-link", "escape/missing/deeper", "repo/dangling-out"]) {
      const r = resolveWorkspacePath(root, p);
      expect(r.ok, p).toBe(false);
    }
  });

  it("reports missing paths inside as not existing (404, not 400)", () => {
    expect(resolveWorkspacePath(root, "repo/nope.txt")).toMatchObject({ ok: true, exists: false });
    expect(resolveWorkspacePath(root, "repo/dangling-in")).toMatchObject({ ok: true, exists: false });
    expect(resolveWorkspacePath(root, "repo/src/a.txt/child")).toMatchObject({ ok: true, exists: false });
  });

  it("property: whatever the input, an accepted path resolves inside the root", () => {
    const seg = fc.constantFrom("repo", "src", "a.txt", "escape", "secret-link", "inner-link", "dangling-out", "..", ".", "", "x");
    fc.assert(
      fc.property(fc.array(seg, { maxLength: 6 }), (parts) => {
        const r = resolveWorkspacePath(root, parts.join("/"));
        if (r.ok) expect(r.abs === root || r.abs.startsWith(root + path.sep)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
