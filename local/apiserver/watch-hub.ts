// Fan-out of committed changes to open watches, with selector semantics: an object that stops
// matching a watch's selector is DELETED for that watch, one that starts matching is ADDED.
import type { Change, ChangeType } from "./store";
import { fieldsMatch, labelsMatch, type FieldRequirement, type LabelRequirement } from "./selectors";

type Obj = Record<string, unknown> & { metadata?: { labels?: Record<string, string> } };

export interface WatchFilter {
  namespace?: string;
  labels: LabelRequirement[];
  fields: FieldRequirement[];
}

export interface Watcher {
  filter: WatchFilter;
  send(type: ChangeType, object: Obj, rv: number): void;
}

export function matches(filter: WatchFilter, namespace: string, object: Obj): boolean {
  if (filter.namespace !== undefined && filter.namespace !== namespace) return false;
  return labelsMatch(filter.labels, object.metadata?.labels) && fieldsMatch(filter.fields, object);
}

export class WatchHub {
  private readonly watchers = new Map<string, Set<Watcher>>();

  subscribe(resource: string, w: Watcher): () => void {
    let set = this.watchers.get(resource);
    if (!set) this.watchers.set(resource, (set = new Set()));
    set.add(w);
    return () => set.delete(w);
  }

  count(): number {
    let n = 0;
    for (const s of this.watchers.values()) n += s.size;
    return n;
  }

  publish(change: Change, previous?: Obj): void {
    const set = this.watchers.get(change.resource);
    if (!set?.size) return;
    for (const w of [...set]) {
      const now = matches(w.filter, change.namespace, change.object);
      const before = previous !== undefined && matches(w.filter, change.namespace, previous);
      let type: ChangeType | undefined;
      if (change.type === "ADDED") type = now ? "ADDED" : undefined;
      else if (change.type === "DELETED") type = now || before ? "DELETED" : undefined;
      else if (now) type = before || previous === undefined ? "MODIFIED" : "ADDED";
      else if (before) type = "DELETED";
      if (type) w.send(type, change.object, change.rv);
    }
  }
}
