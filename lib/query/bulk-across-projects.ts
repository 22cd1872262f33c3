import type { BulkItemResult } from "../session/list-view";
import { ApiRequestError, fetchJson } from "./fetch-json";
import type { BulkAction, BulkResponse } from "./use-bulk-action";

/**
 * One bulk action on sessions of several projects (the overview): one request per project (the API
 * is per project), run together. Names come back as `project/name`; a project whose request failed
 * as a whole (403, network) reports each of its items as failed with that error.
 */
export async function bulkAcrossProjects(action: BulkAction, sessions: ReadonlyArray<{ project: string; name: string }>): Promise<BulkItemResult[]> {
  const byProject = new Map<string, string[]>();
  for (const s of sessions) byProject.set(s.project, [...(byProject.get(s.project) ?? []), s.name]);
  const answers = await Promise.all(
    [...byProject].map(async ([project, names]) => {
      try {
        const res = await fetchJson<BulkResponse>(`/api/projects/${encodeURIComponent(project)}/bulk`, { method: "POST", json: { action, names } });
        return res.results.map((r) => ({ ...r, name: `${project}/${r.name}` }));
      } catch (e) {
        const code = e instanceof ApiRequestError ? e.code : 0;
        const message = e instanceof Error ? e.message : String(e);
        return names.map((n) => ({ name: `${project}/${n}`, ok: false, code, message }));
      }
    }),
  );
  return answers.flat();
}
