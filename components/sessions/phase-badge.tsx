import { Badge } from "@/components/ui/badge";
import { phaseTone } from "@/lib/session/phase";
import type { SessionPhase } from "@/types/agentic-session";

export function PhaseBadge({ phase }: { phase: SessionPhase | undefined }) {
  return (
    <Badge tone={phase ? phaseTone(phase) : "neutral"} data-testid="phase-badge" data-phase={phase ?? "Unknown"}>
      {phase ?? "Unknown"}
    </Badge>
  );
}
