"use client";

import { ChevronDown, ChevronRight, File, Folder, Link2, Loader2 } from "lucide-react";
import { useState } from "react";
import { formatAbsolute, formatRelative } from "@/lib/session/format";
import { formatBytes, joinPath } from "@/lib/workspace/format";
import type { WorkspaceEntry } from "@/lib/workspace/types";
import { cn } from "@/lib/utils";
import { useListing, type WorkspaceRef } from "./use-workspace";

export interface SelectedFile {
  path: string;
  entry: WorkspaceEntry;
}

/** The workspace as a tree; each folder's entries are read only when it is opened. */
export function FileTree({ ws, selected, onSelect }: { ws: WorkspaceRef; selected?: string; onSelect: (f: SelectedFile) => void }) {
  return (
    <div role="tree" aria-label="Workspace files" className="max-h-[36rem] overflow-auto py-1 text-sm" data-testid="ws-tree">
      <Folder_ ws={ws} path="" depth={0} selected={selected} onSelect={onSelect} />
    </div>
  );
}

function Folder_({ ws, path, depth, selected, onSelect }: { ws: WorkspaceRef; path: string; depth: number; selected?: string; onSelect: (f: SelectedFile) => void }) {
  const listing = useListing(ws, path);
  const [showAll, setShowAll] = useState(false);
  const pad = { paddingLeft: `${depth * 14 + 8}px` };
  if (listing.isPending) {
    return (
      <div className="flex items-center gap-2 py-1 text-muted-foreground" style={pad}>
        <Loader2 className="size-3 animate-spin" /> Loading…
      </div>
    );
  }
  if (listing.isError) {
    return (
      <div className="py-1 text-xs text-danger" style={pad} data-testid="ws-tree-error">
        {listing.error.message}
      </div>
    );
  }
  if (listing.data.entries.length === 0) {
    return (
      <div className="py-1 text-xs text-muted-foreground" style={pad}>
        (empty)
      </div>
    );
  }
  const entries = listing.data.entries;
  return (
    <ul role="group">
      {(showAll ? entries : entries.slice(0, SHOWN_AT_FIRST)).map((e) => (
        <Node key={e.name} ws={ws} entry={e} path={joinPath(path, e.name)} depth={depth} selected={selected} onSelect={onSelect} />
      ))}
      {!showAll && entries.length > SHOWN_AT_FIRST ? (
        <li style={pad}>
          <button type="button" className="py-1 text-xs text-primary hover:underline" onClick={() => setShowAll(true)}>
            Show all {entries.length} entries
          </button>
        </li>
      ) : null}
    </ul>
  );
}

// A folder of generated files (node_modules, build output) would otherwise render thousands of rows.
const SHOWN_AT_FIRST = 300;

function Node({ ws, entry, path, depth, selected, onSelect }: { ws: WorkspaceRef; entry: WorkspaceEntry; path: string; depth: number; selected?: string; onSelect: (f: SelectedFile) => void }) {
  const [open, setOpen] = useState(false);
  const isDir = entry.type === "dir";
  const Icon = isDir ? Folder : entry.type === "symlink" ? Link2 : File;
  return (
    <li role="treeitem" aria-expanded={isDir ? open : undefined} aria-selected={selected === path} data-testid="ws-entry" data-path={path} data-type={entry.type}>
      <button
        type="button"
        className={cn("flex w-full items-center gap-1.5 rounded-sm py-1 pr-2 text-left hover:bg-accent", selected === path && "bg-accent font-medium")}
        style={{ paddingLeft: `${depth * 14 + 8}px` }}
        onClick={() => (isDir ? setOpen((o) => !o) : onSelect({ path, entry }))}
        title={entry.type === "symlink" ? "Symbolic link (not followed)" : path}
      >
        {isDir ? open ? <ChevronDown className="size-3.5 shrink-0" /> : <ChevronRight className="size-3.5 shrink-0" /> : <span className="w-3.5 shrink-0" />}
        <Icon className={cn("size-3.5 shrink-0", isDir ? "text-info" : "text-muted-foreground")} />
        <span className="min-w-0 flex-1 truncate font-mono text-xs">{entry.name}</span>
        {entry.type === "file" ? <span className="shrink-0 text-xs text-muted-foreground tabular-nums">{formatBytes(entry.size)}</span> : null}
        <time className="hidden w-16 shrink-0 text-right text-xs text-muted-foreground sm:inline" dateTime={entry.mtime} title={formatAbsolute(entry.mtime)}>
          {formatRelative(entry.mtime)}
        </time>
      </button>
      {isDir && open ? <Folder_ ws={ws} path={path} depth={depth + 1} selected={selected} onSelect={onSelect} /> : null}
    </li>
  );
}
