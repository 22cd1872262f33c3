import type { AgenticSession } from "../../types/agentic-session";
import { normalizeSpec } from "./normalize";

export interface SessionFilterInput {
  phase?: readonly string[];
  q?: string;
}

/** A predicate for the list: phase in the set (no phase yet counts as Pending), text in name, display name, prompt or repo. */
export function sessionFilter({ phase, q }: SessionFilterInput): (s: AgenticSession) => boolean {
  const phases = phase?.length ? new Set<string>(phase) : undefined;
  const needle = q?.trim().toLowerCase();
  return (s) => {
    if (phases && !phases.has(s.status?.phase ?? "Pending")) return false;
    if (!needle) return true;
    const spec = normalizeSpec(s.spec);
    const haystack = [s.metadata.name, spec.displayName, spec.initialPrompt.slice(0, 2000), spec.llmSettings.model, ...spec.repos.map((r) => r.url)];
    return haystack.some((h) => h?.toLowerCase().includes(needle));
  };
}
