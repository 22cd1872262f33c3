import type { SessionFact } from "../lib/session/overview";
import type { Project } from "./project";

export interface OverviewData {
  projects: Project[];
  facts: SessionFact[];
  /** Per project, the list's resourceVersion: where the live stream starts. */
  versions: Record<string, string>;
  /** Projects whose sessions could not be read (e.g. 403 after a role change), with the reason. */
  errors: Record<string, string>;
}
