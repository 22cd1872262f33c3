"use client";

import dynamic from "next/dynamic";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";

const CommandPalette = dynamic(() => import("./command-palette").then((m) => m.CommandPalette), { ssr: false });

/** True when a key press is typing into a field (shortcuts stay out of the way then). */
export function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return Boolean(el?.closest("input, textarea, select, [contenteditable=true], [role=dialog]"));
}

/**
 * Keyboard for session pages: ⌘K / Ctrl+K opens a palette to jump to a session or a project; `c`
 * opens the create form. The palette's code is fetched the first time it opens.
 */
export function SessionKeyboard({ project }: { project: string }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [wanted, setWanted] = useState(false);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.metaKey || e.ctrlKey) && e.key.toLowerCase() === "k") {
        e.preventDefault();
        setWanted(true);
        setOpen((o) => !o);
        return;
      }
      if (e.key === "c" && !e.metaKey && !e.ctrlKey && !e.altKey && !isTyping(e.target)) {
        e.preventDefault();
        router.push(`/projects/${encodeURIComponent(project)}/sessions/new`);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [project, router]);

  return wanted ? <CommandPalette project={project} open={open} setOpen={setOpen} /> : null;
}
