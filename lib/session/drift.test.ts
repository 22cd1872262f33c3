import { describe, expect, it } from "vitest";
import type { AgenticSession } from "../../types/agentic-session";
import { conditionLags, generationStaleness, repoDrift, workflowDrift } from "./drift";

const s = (spec: AgenticSession["spec"], status?: AgenticSession["status"], generation = 1): AgenticSession => ({ metadata: { name: "s", generation }, spec, ...(status ? { status } : {}) });

describe("repoDrift", () => {
  it("classifies every URL found in spec or status", () => {
    const rows = repoDrift(
      s(
        { repos: [{ url: "https://h/o/a.git" }, { url: "https://h/o/b", branch: "dev" }, { input: { url: "https://h/o/c" } }] },
        {
          reconciledRepos: [
            { url: "https://h/o/a", name: "a", branch: "main", status: "Ready", clonedAt: "2026-11-25T09:00:00Z" },
            { url: "https://h/o/b", name: "b", branch: "main", status: "Cloning" },
            { url: "https://h/o/gone.git", name: "gone", status: "Ready" },
          ],
        },
      ),
    );
    expect(rows.map((r) => [r.name, r.drift, r.status])).toEqual([
      ["a", "in-sync", "Ready"],
      ["b", "branch-differs", "Cloning"],
      ["c", "pending-add", undefined],
      ["gone", "pending-remove", "Ready"],
    ]);
  });
  it("is empty with no repos anywhere", () => {
    expect(repoDrift(s({}))).toEqual([]);
  });
});

describe("workflowDrift", () => {
  const wf = { gitUrl: "file:///d/git/cat.git", branch: "main", path: "workflows/a" };
  it("none, pending, in sync, differs, removed", () => {
    expect(workflowDrift(s({})).drift).toBe("none");
    expect(workflowDrift(s({ activeWorkflow: wf })).drift).toBe("pending-apply");
    expect(workflowDrift(s({ activeWorkflow: { gitUrl: wf.gitUrl, path: wf.path } }, { reconciledWorkflow: { ...wf, status: "Active" } })).drift).toBe("in-sync");
    expect(workflowDrift(s({ activeWorkflow: { ...wf, path: "workflows/b" } }, { reconciledWorkflow: { ...wf, status: "Active" } })).drift).toBe("differs");
    expect(workflowDrift(s({}, { reconciledWorkflow: { ...wf, status: "Active" } })).drift).toBe("pending-remove");
  });
});

describe("staleness", () => {
  it("is stale only while generation is ahead of observedGeneration, with both numbers", () => {
    expect(generationStaleness(s({}, { observedGeneration: 2 }, 3))).toEqual({ stale: true, generation: 3, observedGeneration: 2 });
    expect(generationStaleness(s({}, { observedGeneration: 3 }, 3)).stale).toBe(false);
    expect(generationStaleness(s({}, undefined, 1))).toEqual({ stale: false, generation: 1 });
  });
  it("flags a condition set for an older generation", () => {
    expect(conditionLags({ type: "Ready", status: "True", observedGeneration: 2 }, 3)).toBe(true);
    expect(conditionLags({ type: "Ready", status: "True", observedGeneration: 3 }, 3)).toBe(false);
    expect(conditionLags({ type: "Ready", status: "True" }, 3)).toBe(false);
  });
});
