import { afterEach, describe, expect, it, vi } from "vitest";
import { bulkAcrossProjects } from "./bulk-across-projects";

afterEach(() => vi.unstubAllGlobals());

describe("bulkAcrossProjects", () => {
  it("sends one request per project and keys results project/name", async () => {
    const calls: Array<{ url: string; body: { action: string; names: string[] } }> = [];
    vi.stubGlobal("fetch", async (url: string, init: RequestInit) => {
      const body = JSON.parse(String(init.body)) as { action: string; names: string[] };
      calls.push({ url, body });
      return new Response(JSON.stringify({ action: body.action, results: body.names.map((name) => ({ name, ok: name !== "b2", ...(name === "b2" ? { code: 404, message: "gone" } : {}) })) }), { status: 200 });
    });
    const results = await bulkAcrossProjects("delete", [
      { project: "a", name: "a1" },
      { project: "b", name: "b1" },
      { project: "a", name: "a2" },
      { project: "b", name: "b2" },
    ]);
    expect(calls.map((c) => [c.url, c.body.names])).toEqual([
      ["/api/projects/a/bulk", ["a1", "a2"]],
      ["/api/projects/b/bulk", ["b1", "b2"]],
    ]);
    expect(results).toEqual([
      { name: "a/a1", ok: true },
      { name: "a/a2", ok: true },
      { name: "b/b1", ok: true },
      { name: "b/b2", ok: false, code: 404, message: "gone" },
    ]);
  });

  it("reports every item of a project whose request failed as a whole", async () => {
    vi.stubGlobal("fetch", async (url: string) =>
      url.includes("/projects/locked/")
        ? new Response(JSON.stringify({ error: { code: 403, reason: "Forbidden", message: "no access" } }), { status: 403 })
        : new Response(JSON.stringify({ action: "stop", results: [{ name: "x", ok: true }] }), { status: 200 }),
    );
    const results = await bulkAcrossProjects("stop", [
      { project: "open", name: "x" },
      { project: "locked", name: "y" },
      { project: "locked", name: "z" },
    ]);
    expect(results).toEqual([
      { name: "open/x", ok: true },
      { name: "locked/y", ok: false, code: 403, message: "no access" },
      { name: "locked/z", ok: false, code: 403, message: "no access" },
    ]);
  });
});
