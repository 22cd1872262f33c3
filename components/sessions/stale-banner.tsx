import { Hourglass } from "lucide-react";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import type { Staleness } from "@/lib/session/drift";

/** Shown while the operator has not applied the latest spec: both generations, so it is clear by how much. */
export function StaleBanner({ staleness }: { staleness: Staleness }) {
  if (!staleness.stale) return null;
  return (
    <Alert tone="warning" data-testid="stale-banner" data-generation={staleness.generation} data-observed-generation={staleness.observedGeneration}>
      <AlertTitle className="flex items-center gap-2">
        <Hourglass className="size-4" /> Changes not yet reconciled
      </AlertTitle>
      <AlertDescription>
        The spec is at generation <strong className="font-mono">{staleness.generation}</strong>; the operator has applied generation{" "}
        <strong className="font-mono">{staleness.observedGeneration}</strong>. What is shown below describes the older spec until it catches up.
      </AlertDescription>
    </Alert>
  );
}
