// Wire shapes of the workspace routes (CONTRACT.md §6), shared by the route handlers and the tab.

/** One entry of `GET /content/list` (symlinks are listed, never followed). */
export interface WorkspaceEntry {
  name: string;
  type: "file" | "dir" | "symlink";
  size: number;
  mtime: string;
}

export interface WorkspaceListing {
  entries: WorkspaceEntry[];
}

/** `git status --porcelain` of one repo: XY code per changed path. */
export interface RepoGitStatus {
  branch: string | null;
  files: Array<{ path: string; status: string }>;
}

export type WorkspaceAccessState =
  /** Running: the runner's own content server answers. */
  | "live"
  /** Ended and nobody asked for access yet (or it was cleared). */
  | "closed"
  /** Asked for; the operator is starting the temporary content server. */
  | "provisioning"
  /** Temporary access is up. */
  | "ready"
  /** Temporary access ended after the idle time; can be re-opened. */
  | "expired"
  /** The temporary content server could not start. */
  | "failed"
  /** Pending/Creating/Stopping: nothing serves the workspace right now. */
  | "unavailable";

export interface WorkspaceAccess {
  state: WorkspaceAccessState;
  /** The content service to read through, when reads can be served now. */
  service?: string;
  message: string;
  /** RFC 3339 of the last workspace read the console recorded, for ended sessions. */
  lastAccessed?: string;
}
