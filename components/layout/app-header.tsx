import Link from "next/link";
import { config } from "@/lib/config";
import type { Theme } from "@/lib/theme";
import { SignOutButton } from "./sign-out-button";
import { ThemeToggle } from "./theme-toggle";

export function AppHeader({ theme }: { theme: Theme }) {
  const mode = config().AUTH_MODE;
  return (
    <header className="border-b bg-card/60">
      <div className="mx-auto flex h-14 w-full max-w-7xl items-center gap-6 px-4">
        <Link href="/" className="flex items-center gap-2 font-semibold">
          <span aria-hidden className="inline-block size-5 rounded bg-primary" />
          Session Console
        </Link>
        <nav className="flex items-center gap-4 text-sm text-muted-foreground">
          <Link href="/" className="hover:text-foreground">
            Projects
          </Link>
          <Link href="/overview" className="hover:text-foreground">
            Overview
          </Link>
        </nav>
        <div className="ml-auto flex items-center gap-2">
          <ThemeToggle initial={theme} />
          {mode === "token" ? <SignOutButton /> : null}
        </div>
      </div>
    </header>
  );
}
