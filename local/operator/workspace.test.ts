import { mkdirSync, mkdtempSync, readFileSync, existsSync, rmSync, symlinkSync, writeFileSync, lstatSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ensureWorkspace, removeWorkspace, workspaceDir } from "./workspace";

const base = mkdtempSync(path.join(os.tmpdir(), "ws-test-"));
afterAll(() => rmSync(base, { recursive: true, force: true }));

describe("workspaces", () => {
  it("live under DATA_DIR/workspaces/<ns>/<name>", () => {
    expect(workspaceDir("/data", "demo", "s1")).toBe(path.join("/data", "workspaces", "demo", "s1"));
  });

  it("continue as new copies the parent's files and links (not what links point to), without its run files", () => {
    const parent = path.join(base, "parent");
    mkdirSync(path.join(parent, ".session"), { recursive: true });
    mkdirSync(path.join(parent, "repo"), { recursive: true });
    writeFileSync(path.join(parent, "repo", "a.txt"), "hello");
    writeFileSync(path.join(parent, ".session", "transcript.jsonl"), "{}\n");
    writeFileSync(path.join(parent, ".session", "runner.pid"), "123");
    writeFileSync(path.join(parent, ".session", "runner-config.json"), "{}");
    symlinkSync("/etc/passwd", path.join(parent, "link"));
    const child = path.join(base, "child");
    expect(ensureWorkspace(child, parent)).toBe(true);
    expect(readFileSync(path.join(child, "repo", "a.txt"), "utf8")).toBe("hello");
    expect(existsSync(path.join(child, ".session", "transcript.jsonl"))).toBe(true);
    expect(existsSync(path.join(child, ".session", "runner.pid"))).toBe(false);
    expect(existsSync(path.join(child, ".session", "runner-config.json"))).toBe(false);
    expect(lstatSync(path.join(child, "link")).isSymbolicLink()).toBe(true);
    // An existing workspace is never overwritten by a copy.
    writeFileSync(path.join(child, "repo", "a.txt"), "mine");
    expect(ensureWorkspace(child, parent)).toBe(false);
    expect(readFileSync(path.join(child, "repo", "a.txt"), "utf8")).toBe("mine");
    removeWorkspace(child);
    expect(existsSync(child)).toBe(false);
  });
});
