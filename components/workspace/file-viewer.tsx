"use client";

import { Download, FileQuestion, Loader2 } from "lucide-react";
import { Button } from "@/components/ui/button";
import { formatAbsolute } from "@/lib/session/format";
import { kindFromName, looksBinary, PREVIEW_MAX_BYTES } from "@/lib/workspace/file-kind";
import { formatBytes } from "@/lib/workspace/format";
import { CodeView } from "./code-view";
import type { SelectedFile } from "./file-tree";
import { useFilePreview, workspaceUrl, type WorkspaceRef } from "./use-workspace";

/** One file: highlighted text with line numbers, an image inline, or a download for anything else. */
export function FileViewer({ ws, file }: { ws: WorkspaceRef; file: SelectedFile | undefined }) {
  const kind = file ? kindFromName(file.path, file.entry.size) : undefined;
  const preview = useFilePreview(ws, file?.path, kind === "text", looksBinary);
  if (!file) {
    return (
      <div className="flex h-48 flex-col items-center justify-center gap-2 text-sm text-muted-foreground" data-testid="ws-viewer" data-state="empty">
        <FileQuestion className="size-6" />
        Pick a file to view it.
      </div>
    );
  }
  const download = workspaceUrl(ws.project, ws.name, "file", { path: file.path, download: true });
  const shown = kind === "text" && preview.data?.kind === "binary" ? "binary" : kind;
  return (
    <div className="flex min-w-0 flex-col gap-2" data-testid="ws-viewer" data-path={file.path} data-kind={shown}>
      <div className="flex flex-wrap items-center gap-2">
        <span className="min-w-0 flex-1 truncate font-mono text-sm" title={file.path}>
          {file.path}
        </span>
        <span className="text-xs text-muted-foreground">
          {formatBytes(file.entry.size)} · {formatAbsolute(file.entry.mtime)}
        </span>
        <Button asChild variant="outline" size="sm">
          <a href={download} download data-testid="ws-download-file">
            <Download /> Download
          </a>
        </Button>
      </div>
      {file.entry.type === "symlink" ? (
        <p className="text-sm text-muted-foreground">A symbolic link: the workspace browser does not follow links.</p>
      ) : shown === "image" ? (
        // eslint-disable-next-line @next/next/no-img-element -- a user's file, not a site asset
        <img src={workspaceUrl(ws.project, ws.name, "file", { path: file.path })} alt={file.path} className="max-h-[32rem] max-w-full self-start rounded-md border bg-[repeating-conic-gradient(var(--muted)_0_25%,transparent_0_50%)] bg-[length:16px_16px]" data-testid="ws-image" />
      ) : shown === "binary" ? (
        <p className="text-sm text-muted-foreground" data-testid="ws-binary">
          A binary file: download it to open it.
        </p>
      ) : shown === "too-large" ? (
        <p className="text-sm text-muted-foreground">Larger than {formatBytes(PREVIEW_MAX_BYTES)}: download it to read it.</p>
      ) : preview.isPending ? (
        <div className="flex items-center gap-2 text-sm text-muted-foreground">
          <Loader2 className="size-4 animate-spin" /> Reading…
        </div>
      ) : preview.isError ? (
        <p className="text-sm text-danger">{preview.error.message}</p>
      ) : preview.data.kind === "text" ? (
        <CodeView path={file.path} text={preview.data.text} />
      ) : null}
    </div>
  );
}
