// The session list's view state (sort, columns) as it lives in the URL, the sort comparators, and the
// selection rules (toggle, shift-click range, select all visible). Pure: the list component and its
// tests use the same functions.
import { SESSION_PHASES, type AgenticSession } from "../../types/agentic-session";

/** Optional columns in display order; the session name column is always shown. */
export const LIST_COLUMNS = ["phase", "repos", "model", "user", "age", "duration"] as const;
export type ListColumn = (typeof LIST_COLUMNS)[number];
export const DEFAULT_COLUMNS: readonly ListColumn[] = ["phase", "repos", "model", "age"];

export const COLUMN_LABELS: Record<ListColumn, string> = {
  phase: "Phase",
  repos: "Repos",
  model: "Model",
  user: "Started by",
  age: "Age",
  duration: "Running time",
};

export const SORT_KEYS = ["age", "phase", "duration", "name"] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export type SortDir = "asc" | "desc";

/**
 * The direction a key starts in: youngest first for age (what changed last is what a user looks
 * for), longest first for running time, lifecycle order for phase, A→Z for names.
 */
export const DEFAULT_DIR: Record<SortKey, SortDir> = { age: "asc", phase: "asc", duration: "desc", name: "asc" };

export interface ListView {
  sort: SortKey;
  dir: SortDir;
  cols: ListColumn[];
}

export const DEFAULT_VIEW: ListView = { sort: "age", dir: DEFAULT_DIR.age, cols: [...DEFAULT_COLUMNS] };

type SearchInput = URLSearchParams | Record<string, string | string[] | undefined>;

function param(input: SearchInput, key: string): string | undefined {
  if (input instanceof URLSearchParams) return input.get(key) ?? undefined;
  const v = input[key];
  return Array.isArray(v) ? v[0] : v;
}

/** Read the view from the URL; unknown values (a hand-edited URL) fall back to the defaults. */
export function parseListView(input: SearchInput): ListView {
  const sortRaw = param(input, "sort");
  const sort = (SORT_KEYS as readonly string[]).includes(sortRaw ?? "") ? (sortRaw as SortKey) : DEFAULT_VIEW.sort;
  const dirRaw = param(input, "dir");
  const dir: SortDir = dirRaw === "asc" || dirRaw === "desc" ? dirRaw : DEFAULT_DIR[sort];
  const colsRaw = param(input, "cols");
  let cols = [...DEFAULT_COLUMNS];
  if (colsRaw !== undefined) {
    const wanted = new Set(colsRaw.split(",").map((c) => c.trim()));
    // `cols=` (empty) is a valid choice: only the name column.
    cols = LIST_COLUMNS.filter((c) => wanted.has(c));
  }
  return { sort, dir, cols };
}

const sameCols = (a: readonly ListColumn[], b: readonly ListColumn[]) => a.length === b.length && a.every((c, i) => c === b[i]);

/**
 * Write the view into `base` (other parameters such as phase and q are kept); defaults are left out
 * so the plain URL stays plain.
 */
export function serializeListView(view: ListView, base?: URLSearchParams | string): URLSearchParams {
  const out = new URLSearchParams(base);
  out.delete("sort");
  out.delete("dir");
  out.delete("cols");
  const ordered = LIST_COLUMNS.filter((c) => view.cols.includes(c));
  const defaultSort = view.sort === DEFAULT_VIEW.sort && view.dir === DEFAULT_DIR[view.sort];
  if (!defaultSort) {
    out.set("sort", view.sort);
    if (view.dir !== DEFAULT_DIR[view.sort]) out.set("dir", view.dir);
  }
  if (!sameCols(ordered, DEFAULT_COLUMNS)) out.set("cols", ordered.join(","));
  return out;
}

/** Clicking a sort header: the same key flips direction, a new key starts in its own direction. */
export function nextSort(view: ListView, key: SortKey): ListView {
  if (view.sort === key) return { ...view, dir: view.dir === "asc" ? "desc" : "asc" };
  return { ...view, sort: key, dir: DEFAULT_DIR[key] };
}

export function toggleColumn(view: ListView, col: ListColumn): ListView {
  const has = view.cols.includes(col);
  return { ...view, cols: LIST_COLUMNS.filter((c) => (c === col ? !has : view.cols.includes(c))) };
}

// --- sorting -------------------------------------------------------------------------------------

const PHASE_ORDER = new Map<string, number>(SESSION_PHASES.map((p, i) => [p, i]));

function millis(iso: string | undefined): number | undefined {
  if (!iso) return undefined;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? undefined : t;
}

/** Running time in ms: start → completion, or → now while not completed; undefined when never started. */
export function runningTimeMs(s: AgenticSession, now: number): number | undefined {
  const start = millis(s.status?.startTime);
  if (start === undefined) return undefined;
  const end = millis(s.status?.completionTime) ?? now;
  return Math.max(0, end - start);
}

/** The number a session sorts by (undefined: no value, sorts last); names are compared apart. */
function sortValue(s: AgenticSession, sort: SortKey, now: number): number | undefined {
  switch (sort) {
    case "age": {
      // Age grows as creation goes back in time: ascending age = newest first.
      const created = millis(s.metadata.creationTimestamp);
      return created === undefined ? undefined : -created;
    }
    case "phase":
      return PHASE_ORDER.get(s.status?.phase ?? "Pending") ?? PHASE_ORDER.size;
    case "duration":
      return runningTimeMs(s, now);
    case "name":
      return undefined;
  }
}

const byName = (a: AgenticSession, b: AgenticSession) => {
  const x = a.metadata.name ?? "";
  const y = b.metadata.name ?? "";
  return x < y ? -1 : x > y ? 1 : 0;
};

/**
 * A comparator for the list. Ties fall back to the name so the order is stable across refreshes;
 * sessions with no value for the key (never started, no creation time) go last in both directions.
 */
export function compareSessions(sort: SortKey, dir: SortDir, now: number): (a: AgenticSession, b: AgenticSession) => number {
  const sign = dir === "asc" ? 1 : -1;
  const value = (s: AgenticSession) => sortValue(s, sort, now);
  if (sort === "name") return (a, b) => sign * byName(a, b);
  return (a, b) => {
    const x = value(a);
    const y = value(b);
    if (x === undefined || y === undefined) {
      if (x !== y) return x === undefined ? 1 : -1;
      return byName(a, b);
    }
    return x !== y ? sign * (x - y) : byName(a, b);
  };
}

/**
 * The same order as `compareSessions`, with each key computed once per session rather than once
 * per comparison: what keeps a re-sort of ten thousand loaded rows quick.
 */
export function sortSessions(items: readonly AgenticSession[], sort: SortKey, dir: SortDir, now: number): AgenticSession[] {
  const sign = dir === "asc" ? 1 : -1;
  const keyed = items.map((s) => ({ s, name: s.metadata.name ?? "", v: sortValue(s, sort, now) }));
  const byNameKey = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  keyed.sort((a, b) => {
    if (sort === "name") return sign * byNameKey(a, b);
    if (a.v === undefined || b.v === undefined) {
      if (a.v !== b.v) return a.v === undefined ? 1 : -1;
      return byNameKey(a, b);
    }
    return a.v !== b.v ? sign * (a.v - b.v) : byNameKey(a, b);
  });
  return keyed.map((k) => k.s);
}

/**
 * Whether the loaded rows are in the same order the whole list would be: the API pages by name, so
 * only a name-ascending sort is exact before every page has arrived.
 */
export function sortIsExactWhilePaging(view: Pick<ListView, "sort" | "dir">): boolean {
  return view.sort === "name" && view.dir === "asc";
}

// --- selection -----------------------------------------------------------------------------------

export type Selection = ReadonlySet<string>;

export function toggleOne(selection: Selection, name: string): Set<string> {
  const next = new Set(selection);
  if (next.has(name)) next.delete(name);
  else next.add(name);
  return next;
}

/**
 * Shift-click: every row between the anchor (the last row clicked) and the target, in the order
 * shown, takes the state the target is being given. Without an anchor still on screen it is a toggle.
 */
export function selectRange(selection: Selection, ordered: readonly string[], anchor: string | undefined, target: string): Set<string> {
  const to = ordered.indexOf(target);
  const from = anchor === undefined ? -1 : ordered.indexOf(anchor);
  if (to < 0) return new Set(selection);
  if (from < 0) return toggleOne(selection, target);
  const check = !selection.has(target);
  const next = new Set(selection);
  const [lo, hi] = from <= to ? [from, to] : [to, from];
  for (let i = lo; i <= hi; i++) {
    if (check) next.add(ordered[i]);
    else next.delete(ordered[i]);
  }
  return next;
}

export type HeaderCheck = "none" | "some" | "all";

/** The "select all" box: checked when every visible row is, mixed when some are. */
export function headerCheckState(selection: Selection, visible: readonly string[]): HeaderCheck {
  if (visible.length === 0) return "none";
  let n = 0;
  for (const name of visible) if (selection.has(name)) n++;
  return n === 0 ? "none" : n === visible.length ? "all" : "some";
}

/** The "select all" box clicked: all visible rows on, or (when all were on) all of them off. */
export function toggleAllVisible(selection: Selection, visible: readonly string[]): Set<string> {
  const next = new Set(selection);
  if (headerCheckState(selection, visible) === "all") for (const n of visible) next.delete(n);
  else for (const n of visible) next.add(n);
  return next;
}

/** Drop names no longer listed (deleted, or filtered out), so a bulk action never acts on hidden rows. */
export function pruneSelection(selection: Selection, visible: readonly string[]): Selection {
  if (selection.size === 0) return selection;
  const present = new Set(visible);
  let gone = false;
  for (const n of selection) if (!present.has(n)) gone = true;
  if (!gone) return selection;
  return new Set([...selection].filter((n) => present.has(n)));
}

// --- bulk results --------------------------------------------------------------------------------

export interface BulkItemResult {
  name: string;
  ok: boolean;
  code?: number;
  message?: string;
}

/** One line for the toast after a bulk action. */
export function summarizeBulk(action: "stop" | "delete", results: readonly BulkItemResult[]): { tone: "success" | "error"; title: string; failed: BulkItemResult[] } {
  const failed = results.filter((r) => !r.ok);
  const verb = action === "stop" ? "Stop requested for" : "Deleted";
  const okCount = results.length - failed.length;
  if (failed.length === 0) return { tone: "success", title: `${verb} ${plural(okCount)}`, failed };
  return {
    tone: "error",
    title: `${failed.length} of ${results.length} failed${okCount ? ` (${verb.toLowerCase()} ${plural(okCount)})` : ""}`,
    failed,
  };
}

function plural(n: number): string {
  return `${n} session${n === 1 ? "" : "s"}`;
}
