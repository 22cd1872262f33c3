import { describe, expect, it } from "vitest";
import { conditionChanges, setCondition } from "./conditions";

describe("setCondition (§4)", () => {
  it("adds a condition with lastTransitionTime and observedGeneration", () => {
    const list = setCondition([], { type: "Ready", status: "False", reason: "Pending" }, 1, "t1");
    expect(list).toEqual([{ type: "Ready", status: "False", reason: "Pending", message: "", lastTransitionTime: "t1", observedGeneration: 1 }]);
  });

  it("keeps one entry per type, updated in place", () => {
    let list = setCondition([], { type: "Ready", status: "False", reason: "Pending" }, 1, "t1");
    list = setCondition(list, { type: "PVCReady", status: "True", reason: "Bound" }, 1, "t1");
    list = setCondition(list, { type: "Ready", status: "True", reason: "Running" }, 1, "t2");
    expect(list.map((c) => c.type)).toEqual(["Ready", "PVCReady"]);
  });

  it("lastTransitionTime changes only when status changes; reason/message/generation updates keep it", () => {
    let list = setCondition([], { type: "Ready", status: "False", reason: "Stopping" }, 1, "t1");
    list = setCondition(list, { type: "Ready", status: "False", reason: "UserStopped", message: "m" }, 2, "t2");
    expect(list[0]).toMatchObject({ reason: "UserStopped", lastTransitionTime: "t1", observedGeneration: 2 });
    list = setCondition(list, { type: "Ready", status: "True", reason: "Running" }, 2, "t3");
    expect(list[0].lastTransitionTime).toBe("t3");
  });

  it("an identical update returns the same array (nothing to write)", () => {
    const list = setCondition([], { type: "Ready", status: "True", reason: "Running", message: "m" }, 1, "t1");
    expect(setCondition(list, { type: "Ready", status: "True", reason: "Running", message: "m" }, 1, "t9")).toBe(list);
  });
});

describe("conditionChanges", () => {
  it("reports new conditions and status/reason changes, not message-only ones; failures are Warnings", () => {
    const before = setCondition([], { type: "Ready", status: "True", reason: "Running", message: "a" }, 1, "t1");
    const same = setCondition(before, { type: "Ready", status: "True", reason: "Running", message: "b" }, 1, "t2");
    expect(conditionChanges(before, same)).toEqual([]);
    const failed = setCondition(before, { type: "Ready", status: "False", reason: "RunnerExit", message: "exit 1" }, 1, "t2");
    expect(conditionChanges(before, failed)).toEqual([{ type: "Ready", status: "False", reason: "RunnerExit", message: "exit 1", eventType: "Warning" }]);
  });
});
