import type { SessionPhase } from "../../types/agentic-session";

export type PhaseTone = "neutral" | "info" | "success" | "warning" | "danger";

const TONES: Record<SessionPhase, PhaseTone> = {
  Pending: "neutral",
  Creating: "info",
  Running: "info",
  Stopping: "warning",
  Stopped: "neutral",
  Completed: "success",
  Failed: "danger",
};

export function phaseTone(phase: SessionPhase): PhaseTone {
  return TONES[phase] ?? "neutral";
}

/** Phases in which the session has ended and can be started, continued or browsed. */
export const TERMINAL_PHASES: readonly SessionPhase[] = ["Stopped", "Completed", "Failed"];
/** Phases in which a runner exists or is on its way. */
export const ACTIVE_PHASES: readonly SessionPhase[] = ["Pending", "Creating", "Running"];

export function isTerminal(phase: SessionPhase | undefined): boolean {
  return phase !== undefined && TERMINAL_PHASES.includes(phase);
}
