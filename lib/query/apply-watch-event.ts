import type { AgenticSession } from "../../types/agentic-session";

export type WatchEventType = "ADDED" | "MODIFIED" | "DELETED";

export interface ListPage {
  items: AgenticSession[];
  resourceVersion: string;
  continue?: string;
  remainingItemCount?: number;
}

function rvOf(s: AgenticSession | undefined): bigint {
  try {
    return BigInt(s?.metadata.resourceVersion ?? "0");
  } catch {
    return BigInt(0);
  }
}

const sameObject = (a: AgenticSession, b: AgenticSession) =>
  a.metadata.uid && b.metadata.uid ? a.metadata.uid === b.metadata.uid : a.metadata.name === b.metadata.name;

/**
 * Fold one watch event into the pages of a list. Events older than the copy held are ignored (a
 * refetch may have overtaken the stream); a changed session that no longer matches the filter leaves
 * the list; a new matching one joins the first page. Returns the same array when nothing changed.
 */
export function applyWatchEvent(
  pages: ListPage[],
  type: WatchEventType,
  session: AgenticSession,
  matches: (s: AgenticSession) => boolean,
): ListPage[] {
  let found = false;
  let changed = false;
  const next = pages.map((page) => {
    const index = page.items.findIndex((s) => sameObject(s, session));
    if (index < 0) return page;
    found = true;
    const current = page.items[index];
    if (rvOf(session) < rvOf(current)) return page;
    changed = true;
    const items = [...page.items];
    if (type === "DELETED" || !matches(session)) items.splice(index, 1);
    else items[index] = session;
    return { ...page, items };
  });
  if (!found && type !== "DELETED" && matches(session) && next.length > 0) {
    changed = true;
    next[0] = { ...next[0], items: [session, ...next[0].items] };
  }
  return changed ? next : pages;
}

/** Apply an event to a single cached session (detail view). */
export function applyToDetail(current: AgenticSession | undefined, type: WatchEventType, session: AgenticSession): AgenticSession | null | undefined {
  if (current && !sameObject(current, session)) return current;
  if (current && rvOf(session) < rvOf(current)) return current;
  return type === "DELETED" ? null : session;
}
