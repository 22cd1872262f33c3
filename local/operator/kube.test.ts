import { describe, expect, it } from "vitest";
import { statusMergePatch } from "./kube";

describe("statusMergePatch", () => {
  it("sends only changed top-level fields, whole arrays, and null for removed ones (RFC 7386)", () => {
    const before = { phase: "Completed" as const, startTime: "a", completionTime: "b", conditions: [{ type: "Ready", status: "False" as const }] };
    const after = { phase: "Pending" as const, startTime: "c", conditions: [{ type: "Ready", status: "False" as const }, { type: "X", status: "True" as const }] };
    expect(statusMergePatch(before, after)).toEqual({
      phase: "Pending",
      startTime: "c",
      completionTime: null,
      conditions: after.conditions,
    });
  });

  it("from no status: everything", () => {
    expect(statusMergePatch(undefined, { phase: "Pending" })).toEqual({ phase: "Pending" });
  });
});
