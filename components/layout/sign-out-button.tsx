"use client";

import { LogOut } from "lucide-react";
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";

export function SignOutButton() {
  const router = useRouter();
  return (
    <Button
      variant="ghost"
      size="sm"
      onClick={async () => {
        await fetch("/api/auth/session", { method: "DELETE" });
        router.push("/signin");
        router.refresh();
      }}
    >
      <LogOut /> Sign out
    </Button>
  );
}
