"use client";

import { Button } from "@/components/ui/button";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";

export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <Alert tone="danger">
      <AlertTitle>This page failed to render</AlertTitle>
      <AlertDescription className="flex flex-col items-start gap-3">
        <span>
          The console hit an unexpected error{error.digest ? ` (reference ${error.digest})` : ""}. The details are in the server log.
        </span>
        <Button variant="outline" size="sm" onClick={reset}>
          Try again
        </Button>
      </AlertDescription>
    </Alert>
  );
}
