export interface SessionListFilters {
  phase?: string[];
  q?: string;
}

/** One key factory for sessions (TanStack Query's key-factory pattern). */
export const sessionKeys = {
  all: ["sessions"] as const,
  project: (project: string) => [...sessionKeys.all, project] as const,
  lists: (project: string) => [...sessionKeys.project(project), "list"] as const,
  list: (project: string, filters: SessionListFilters) =>
    [...sessionKeys.lists(project), { phase: [...(filters.phase ?? [])].sort(), q: filters.q ?? "" }] as const,
  detail: (project: string, name: string) => [...sessionKeys.project(project), "detail", name] as const,
};
