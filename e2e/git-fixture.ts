import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

function git(cwd: string, ...args: string[]) {
  execFileSync("git", ["-c", "user.name=e2e", "-c", "user.email=e2e@example.com", "-c", "init.defaultBranch=main", ...args], { cwd, stdio: "pipe" });
}

/** A bare git repository with one commit on `main`, in its own tmp folder: `file://` URL and name. */
export function makeBareRepo(name: string, files: Record<string, string> = { "README.md": `# ${name}\n` }): { url: string; dir: string; name: string } {
  const root = mkdtempSync(path.join(os.tmpdir(), "e2e-git-"));
  const work = path.join(root, "work");
  mkdirSync(work);
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(work, file)), { recursive: true });
    writeFileSync(path.join(work, file), content);
  }
  git(root, "init", "-q", "-b", "main", work);
  git(work, "add", ".");
  git(work, "commit", "-qm", "initial");
  const dir = path.join(root, `${name}.git`);
  git(root, "clone", "-q", "--bare", work, dir);
  return { url: `file://${dir}`, dir, name };
}
