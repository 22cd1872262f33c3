import { describe, expect, it } from "vitest";
import { ANNOTATIONS, type AgenticSession, type Condition } from "../../types/agentic-session";
import { accessProgress, workspaceAccess } from "./access";

function session(phase: string | undefined, annotations: Record<string, string> = {}, temp?: Partial<Condition>): AgenticSession {
  return {
    metadata: { name: "s1", annotations },
    spec: {},
    status: { ...(phase ? { phase: phase as never } : {}), conditions: temp ? [{ type: "TempContentPodReady", status: "Unknown", ...temp } as Condition] : [] },
  };
}
const requested = { [ANNOTATIONS.tempContentRequested]: "true", [ANNOTATIONS.tempContentLastAccessed]: "2026-01-01T00:00:00Z" };

describe("workspaceAccess", () => {
  it("Running sessions are read through the runner's service", () => {
    expect(workspaceAccess(session("Running"))).toMatchObject({ state: "live", service: "ambient-content-s1" });
  });

  it("Pending, Creating, Stopping and no phase serve nothing", () => {
    for (const p of ["Pending", "Creating", "Stopping", undefined]) expect(workspaceAccess(session(p))).toMatchObject({ state: "unavailable" });
    expect(workspaceAccess(session("Stopping")).service).toBeUndefined();
  });

  it("ended and not requested: closed", () => {
    for (const p of ["Stopped", "Completed", "Failed"]) expect(workspaceAccess(session(p))).toMatchObject({ state: "closed" });
    expect(workspaceAccess(session("Stopped", {}, { status: "False", reason: "NotRequested" })).state).toBe("closed");
  });

  it("requested: provisioning until TempContentPodReady=True, then the temp service", () => {
    expect(workspaceAccess(session("Completed", requested))).toMatchObject({ state: "provisioning" });
    expect(workspaceAccess(session("Completed", requested, { status: "Unknown", reason: "Provisioning", message: "Starting" }))).toMatchObject({ state: "provisioning", message: "Starting" });
    // The previous round's Expired, not yet replaced by the operator, still means "on the way".
    expect(workspaceAccess(session("Completed", requested, { status: "False", reason: "Expired" })).state).toBe("provisioning");
    expect(workspaceAccess(session("Completed", requested, { status: "True", reason: "Ready" }))).toMatchObject({ state: "ready", service: "temp-content-s1", lastAccessed: "2026-01-01T00:00:00Z" });
  });

  it("expired and failed once the operator cleared the request", () => {
    expect(workspaceAccess(session("Stopped", {}, { status: "False", reason: "Expired", message: "No access for 20 s" }))).toMatchObject({ state: "expired", message: "Access expired: No access for 20 s" });
    expect(workspaceAccess(session("Stopped", {}, { status: "False", reason: "CreationFailed", message: "EADDRINUSE" }))).toMatchObject({ state: "failed", message: "EADDRINUSE" });
  });

  it("progress steps: requested → provisioning → ready", () => {
    const steps = [session("Completed", requested), session("Completed", requested, { status: "Unknown", reason: "Provisioning" }), session("Completed", requested, { status: "True", reason: "Ready" })].map(
      (s) => accessProgress(workspaceAccess(s), s).step,
    );
    expect(steps).toEqual([1, 2, 3]);
  });
});
