// A unified diff (as `git diff` prints it) split per file, with each line's kind, for the viewer.

export type DiffLineKind = "add" | "del" | "context" | "hunk" | "meta";

export interface DiffFile {
  /** The path after the change (before it, for a deletion). */
  path: string;
  added: number;
  removed: number;
  lines: Array<{ kind: DiffLineKind; text: string }>;
}

function pathOf(header: string): string {
  // "diff --git a/x b/x": prefer the b/ side; names with spaces keep everything after " b/".
  const m = /^diff --git a\/(.*) b\/(.*)$/.exec(header);
  return m ? m[2] : header.replace(/^diff --git /, "");
}

export function parseUnifiedDiff(text: string): DiffFile[] {
  const files: DiffFile[] = [];
  let cur: DiffFile | undefined;
  let inHunk = false;
  for (const line of text.split("\n")) {
    if (line.startsWith("diff --git ")) {
      cur = { path: pathOf(line), added: 0, removed: 0, lines: [{ kind: "meta", text: line }] };
      files.push(cur);
      inHunk = false;
      continue;
    }
    if (!cur) continue;
    if (line.startsWith("@@")) {
      inHunk = true;
      cur.lines.push({ kind: "hunk", text: line });
    } else if (!inHunk) {
      if (line.startsWith("+++ ") && line !== "+++ /dev/null") cur.path = line.slice(4).replace(/^b\//, "");
      cur.lines.push({ kind: "meta", text: line });
    } else if (line.startsWith("+")) {
      cur.added++;
      cur.lines.push({ kind: "add", text: line });
    } else if (line.startsWith("-")) {
      cur.removed++;
      cur.lines.push({ kind: "del", text: line });
    } else if (line.startsWith("\\")) {
      cur.lines.push({ kind: "meta", text: line });
    } else if (line !== "" || cur.lines.length === 0) {
      cur.lines.push({ kind: "context", text: line });
    }
  }
  return files;
}
