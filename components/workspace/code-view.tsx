"use client";

import { useEffect, useMemo, useState } from "react";
import { HIGHLIGHT_MAX_BYTES, languageFor } from "@/lib/workspace/file-kind";
import "./highlight.css";

/**
 * Text with line numbers; highlighted once the highlighter (a separate chunk) has loaded. The gutter
 * and the code are two columns of the same line height, so highlighted spans may cross lines.
 */
export function CodeView({ path, text }: { path: string; text: string }) {
  const language = languageFor(path);
  const lines = useMemo(() => {
    const n = text.split("\n").length;
    return text.endsWith("\n") ? n - 1 : n;
  }, [text]);
  const [html, setHtml] = useState<{ for: string; html: string } | null>(null);

  useEffect(() => {
    if (!language || text.length > HIGHLIGHT_MAX_BYTES) return;
    let cancelled = false;
    void import("./highlight")
      .then((m) => m.highlightToHtml(text, language))
      .then((h) => {
        if (!cancelled && h !== null) setHtml({ for: text, html: h });
      })
      .catch(() => undefined); // plain text is a fine fallback
    return () => {
      cancelled = true;
    };
  }, [text, language]);

  const highlighted = html?.for === text ? html.html : null;
  return (
    <div className="ws-code flex overflow-auto rounded-md border bg-muted/40 font-mono text-xs leading-5" data-testid="ws-code" data-lines={lines} data-language={language ?? ""} data-highlighted={highlighted ? "true" : "false"}>
      <pre aria-hidden className="sticky left-0 shrink-0 border-r bg-muted px-2 py-2 text-right text-muted-foreground select-none">
        {Array.from({ length: Math.max(lines, 1) }, (_, i) => i + 1).join("\n")}
      </pre>
      {highlighted ? (
        <pre className="min-w-0 flex-1 px-3 py-2">
          <code dangerouslySetInnerHTML={{ __html: highlighted }} />
        </pre>
      ) : (
        <pre className="min-w-0 flex-1 px-3 py-2">
          <code>{text}</code>
        </pre>
      )}
    </div>
  );
}
