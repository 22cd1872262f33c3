import { ShieldAlert, TriangleAlert } from "lucide-react";
import type { ApiErrorBody } from "@/lib/http/api-error";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";

const TITLES: Record<number, string> = {
  401: "Not signed in",
  403: "Access denied",
  404: "Not found",
  502: "The cluster answered with an error",
  503: "Cluster unreachable",
};

/** An error as the user should read it: the cluster's code and reason, never a bare 500. */
export function ErrorState({ error, what }: { error: ApiErrorBody["error"]; what?: string }) {
  const Icon = error.code === 403 || error.code === 401 ? ShieldAlert : TriangleAlert;
  return (
    <Alert tone={error.code >= 500 ? "danger" : "warning"} data-testid="error-state">
      <AlertTitle className="flex items-center gap-2">
        <Icon className="size-4" />
        {TITLES[error.code] ?? "Something went wrong"}
        <span className="font-mono text-xs text-muted-foreground">
          {error.code} {error.reason}
        </span>
      </AlertTitle>
      <AlertDescription>
        {what ? `${what}: ` : ""}
        {error.message}
      </AlertDescription>
    </Alert>
  );
}
