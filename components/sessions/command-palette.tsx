"use client";

import { useQuery } from "@tanstack/react-query";
import { FolderOpen, Plus, TerminalSquare } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { CommandDialog, Command, CommandEmpty, CommandGroup, CommandInput, CommandItem, CommandList } from "@/components/ui/command";
import type { ListPage } from "@/lib/query/apply-watch-event";
import { fetchJson } from "@/lib/query/fetch-json";
import { sessionKeys } from "@/lib/query/session-keys";

/**
 * The palette to jump to a session (of this project, searched on the server) or a project. Loaded
 * on the first ⌘K / Ctrl+K by SessionKeyboard, so cmdk stays off the pages' first load.
 */
export function CommandPalette({ project, open, setOpen }: { project: string; open: boolean; setOpen: (open: boolean) => void }) {
  const router = useRouter();
  const [q, setQ] = useState("");

  const term = q.trim();
  const sessions = useQuery({
    queryKey: [...sessionKeys.project(project), "palette", term],
    queryFn: () => fetchJson<ListPage>(`/api/projects/${encodeURIComponent(project)}/sessions?limit=50${term ? `&q=${encodeURIComponent(term)}` : ""}`),
    enabled: open,
    staleTime: 5_000,
  });
  const projects = useQuery({
    queryKey: ["projects", "palette"],
    queryFn: () => fetchJson<{ items: Array<{ name: string; displayName?: string }> }>("/api/projects"),
    enabled: open,
    staleTime: 60_000,
  });

  const go = (href: string) => {
    setOpen(false);
    setQ("");
    router.push(href);
  };

  return (
    <CommandDialog open={open} onOpenChange={setOpen} title="Jump to a session">
      {/* The server filters sessions; cmdk's own filter would hide matches found in prompts or repos. */}
      <Command shouldFilter={false}>
        <CommandInput placeholder={`Search sessions in ${project}…`} value={q} onValueChange={setQ} />
        <CommandList>
          <CommandEmpty>{sessions.isFetching ? "Searching…" : "Nothing found."}</CommandEmpty>
          <CommandGroup heading="Actions">
            <CommandItem value="new-session" onSelect={() => go(`/projects/${encodeURIComponent(project)}/sessions/new`)}>
              <Plus className="size-4" /> New session in {project}
            </CommandItem>
          </CommandGroup>
          {sessions.data?.items.length ? (
            <CommandGroup heading={`Sessions in ${project}`}>
              {sessions.data.items.map((s) => (
                <CommandItem
                  key={s.metadata.uid ?? s.metadata.name}
                  value={`session:${s.metadata.name}`}
                  onSelect={() => go(`/projects/${encodeURIComponent(project)}/sessions/${encodeURIComponent(s.metadata.name ?? "")}`)}
                >
                  <TerminalSquare className="size-4" />
                  <span className="truncate">{s.spec?.displayName || s.metadata.name}</span>
                  <span className="ml-auto font-mono text-xs text-muted-foreground">{s.status?.phase ?? "Pending"}</span>
                </CommandItem>
              ))}
            </CommandGroup>
          ) : null}
          {projects.data?.items.length ? (
            <CommandGroup heading="Projects">
              {projects.data.items
                .filter((p) => !term || p.name.includes(term.toLowerCase()) || p.displayName?.toLowerCase().includes(term.toLowerCase()))
                .map((p) => (
                  <CommandItem key={p.name} value={`project:${p.name}`} onSelect={() => go(`/projects/${encodeURIComponent(p.name)}/sessions`)}>
                    <FolderOpen className="size-4" /> {p.displayName || p.name}
                  </CommandItem>
                ))}
            </CommandGroup>
          ) : null}
        </CommandList>
      </Command>
    </CommandDialog>
  );
}
