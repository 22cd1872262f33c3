import type { AgenticSession, SessionPhase } from "../../types/agentic-session";
import { normalizeSpec, type NormalizedSpec } from "./normalize";

/** True while the operator has not applied the latest spec (CONTRACT.md §1). */
export function isStale(s: AgenticSession): boolean {
  const generation = s.metadata.generation ?? 0;
  const observed = s.status?.observedGeneration;
  return observed !== undefined ? generation > observed : generation > 0 && s.status?.phase !== undefined;
}

/** A read-only view of a stored session, legacy forms normalised. */
export class Session {
  readonly spec: NormalizedSpec;
  constructor(readonly raw: AgenticSession) {
    this.spec = normalizeSpec(raw.spec);
  }
  get name(): string {
    return this.raw.metadata.name ?? "";
  }
  get namespace(): string {
    return this.raw.metadata.namespace ?? "";
  }
  get displayName(): string {
    return this.spec.displayName || this.name;
  }
  get phase(): SessionPhase | undefined {
    return this.raw.status?.phase;
  }
  get stale(): boolean {
    return isStale(this.raw);
  }
}
