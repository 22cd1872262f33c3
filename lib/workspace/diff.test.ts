import { describe, expect, it } from "vitest";
import { parseUnifiedDiff } from "./diff";

const DIFF = `diff --git a/README.md b/README.md
index 1111111..2222222 100644
--- a/README.md
+++ b/README.md
@@ -1,2 +1,2 @@
 # repo
-old line
+new line
diff --git a/new file.txt b/new file.txt
new file mode 100644
index 0000000..3333333
--- /dev/null
+++ b/new file.txt
@@ -0,0 +1 @@
+hello
\\ No newline at end of file
`;

describe("parseUnifiedDiff", () => {
  it("splits per file with counts and line kinds", () => {
    const files = parseUnifiedDiff(DIFF);
    expect(files.map((f) => [f.path, f.added, f.removed])).toEqual([
      ["README.md", 1, 1],
      ["new file.txt", 1, 0],
    ]);
    expect(files[0].lines.filter((l) => l.kind !== "meta").map((l) => l.kind)).toEqual(["hunk", "context", "del", "add"]);
    expect(files[1].lines.at(-1)).toEqual({ kind: "meta", text: "\\ No newline at end of file" });
  });

  it("an empty diff has no files", () => {
    expect(parseUnifiedDiff("")).toEqual([]);
  });
});
