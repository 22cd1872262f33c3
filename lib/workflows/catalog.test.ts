import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadCatalog, parseAmbientJson } from "./catalog";

let root: string;
let bare: string;

function git(cwd: string, ...args: string[]) {
  execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@e", ...args], { cwd, stdio: "pipe" });
}

beforeAll(() => {
  root = mkdtempSync(path.join(os.tmpdir(), "catalog-test-"));
  const work = path.join(root, "work");
  for (const [folder, json] of [
    ["bugfix", JSON.stringify({ name: "Bug fix", description: "Find and fix a bug", systemPrompt: "be careful" })],
    ["docs", JSON.stringify({ description: "Write docs" })],
    ["broken", "{not json"],
  ] as const) {
    mkdirSync(path.join(work, "workflows", folder, ".ambient"), { recursive: true });
    writeFileSync(path.join(work, "workflows", folder, ".ambient", "ambient.json"), json);
  }
  mkdirSync(path.join(work, "workflows", "no-manifest"), { recursive: true });
  writeFileSync(path.join(work, "workflows", "no-manifest", "README.md"), "x");
  git(root, "init", "-q", "-b", "main", work);
  git(work, "add", ".");
  git(work, "commit", "-qm", "catalog");
  bare = path.join(root, "catalog.git");
  git(root, "clone", "-q", "--bare", work, bare);
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("parseAmbientJson", () => {
  it("uses the folder name when the manifest has none, and rejects bad JSON", () => {
    expect(parseAmbientJson("{}", "x", { gitUrl: "u", branch: "main" })).toMatchObject({ name: "x", path: "workflows/x", description: "" });
    expect(parseAmbientJson("[", "x", { gitUrl: "u", branch: "main" })).toBeUndefined();
  });
});

describe("loadCatalog", () => {
  it("clones the catalog and lists workflows with a manifest", async () => {
    const url = `file://${bare}`;
    const c = await loadCatalog(url, "main", { cacheRoot: path.join(root, "cache") });
    expect(c.error).toBeUndefined();
    expect(c.workflows.map((w) => [w.name, w.path])).toEqual([
      ["Bug fix", "workflows/bugfix"],
      ["docs", "workflows/docs"],
    ]);
    expect(c.workflows[0]).toMatchObject({ gitUrl: url, branch: "main", description: "Find and fix a bug", systemPrompt: "be careful" });
    // Cached: the same promise within the minute.
    expect(loadCatalog(url, "main", { cacheRoot: path.join(root, "cache") })).toBe(loadCatalog(url, "main"));
  });

  it("reports an unreadable catalog as an error value", async () => {
    const c = await loadCatalog(`file://${root}/missing.git`, "main", { cacheRoot: path.join(root, "cache") });
    expect(c.workflows).toEqual([]);
    expect(c.error).toBeTruthy();
  });
});
