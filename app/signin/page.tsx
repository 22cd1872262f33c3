import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/auth/sign-in-form";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { config } from "@/lib/config";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

export default function SignInPage() {
  const mode = config().AUTH_MODE;
  if (mode === "local") redirect("/");
  return (
    <div className="mx-auto flex max-w-md flex-col gap-4 pt-10">
      <Card>
        <CardHeader>
          <CardTitle>Sign in</CardTitle>
          <CardDescription>
            {mode === "token"
              ? "Paste a Kubernetes bearer token (a service account token, or `kubectl create token`). The console keeps it in an httpOnly cookie and acts as you, so your RBAC decides what you see."
              : "This console runs behind an authenticating proxy, which did not pass your identity. Sign in through the proxy and reload."}
          </CardDescription>
        </CardHeader>
        {mode === "token" ? (
          <CardContent>
            <SignInForm />
          </CardContent>
        ) : null}
      </Card>
    </div>
  );
}
