// Versioned object storage on SQLite (node:sqlite, WAL). Every write appends a row to `versions`
// under the next value of one global counter, so the table is at once the current state (latest
// row per key), the snapshot a paged list reads from, and the change log watches replay.
// Compaction drops superseded rows older than a window, like etcd's compaction.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { DatabaseSync, type StatementSync } from "node:sqlite";

export type ChangeType = "ADDED" | "MODIFIED" | "DELETED";

export interface StoredObject {
  rv: number;
  namespace: string;
  name: string;
  object: Record<string, unknown>;
}

/** A list row whose JSON is parsed only when read: counting the rest of a page need not parse it. */
export interface LazyObject {
  rv: number;
  namespace: string;
  name: string;
  readonly object: Record<string, unknown>;
}

export interface Change extends StoredObject {
  type: ChangeType;
  resource: string;
}

export interface ListPosition {
  namespace: string;
  name: string;
}

export class Store {
  private readonly db: DatabaseSync;
  private counter: number;
  private compactedRv: number;
  private readonly stmts: Record<string, StatementSync>;

  constructor(dataDir: string) {
    mkdirSync(dataDir, { recursive: true });
    this.db = new DatabaseSync(path.join(dataDir, "apiserver.db"));
    // WAL + NORMAL: a committed transaction survives the process being killed (not power loss).
    this.db.exec(`
      PRAGMA journal_mode = WAL;
      PRAGMA synchronous = NORMAL;
      PRAGMA busy_timeout = 5000;
      CREATE TABLE IF NOT EXISTS versions (
        rv INTEGER PRIMARY KEY,
        resource TEXT NOT NULL,
        ns TEXT NOT NULL,
        name TEXT NOT NULL,
        type TEXT NOT NULL,
        data TEXT NOT NULL
      );
      CREATE INDEX IF NOT EXISTS versions_key ON versions (resource, ns, name, rv);
      CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
    `);
    const get = (k: string) => (this.db.prepare("SELECT value FROM meta WHERE key = ?").get(k) as { value: number } | undefined)?.value;
    const maxRv = (this.db.prepare("SELECT MAX(rv) AS rv FROM versions").get() as { rv: number | null }).rv ?? 0;
    this.counter = Math.max(get("counter") ?? 0, maxRv);
    this.compactedRv = get("compacted") ?? 0;
    this.stmts = {
      latest: this.db.prepare("SELECT rv, type, data FROM versions WHERE resource = ? AND ns = ? AND name = ? ORDER BY rv DESC LIMIT 1"),
      insert: this.db.prepare("INSERT INTO versions (rv, resource, ns, name, type, data) VALUES (?, ?, ?, ?, ?, ?)"),
      setMeta: this.db.prepare("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value"),
      listNs: this.db.prepare(
        "SELECT rv, ns, name, type, data FROM versions WHERE resource = ? AND ns = ? AND name > ? ORDER BY ns, name, rv DESC",
      ),
      listAll: this.db.prepare(
        "SELECT rv, ns, name, type, data FROM versions WHERE resource = ? AND (ns > ? OR (ns = ? AND name > ?)) ORDER BY ns, name, rv DESC",
      ),
      since: this.db.prepare("SELECT rv, resource, ns, name, type, data FROM versions WHERE rv > ? AND resource = ? ORDER BY rv"),
    };
  }

  /** The newest resourceVersion handed out. */
  get currentRv(): number {
    return this.counter;
  }

  /** Versions at or below this were compacted away: watches and continues from them get 410. */
  get oldestRv(): number {
    return this.compactedRv;
  }

  get(resource: string, namespace: string, name: string): StoredObject | undefined {
    const row = this.stmts.latest.get(resource, namespace, name) as { rv: number; type: string; data: string } | undefined;
    if (!row || row.type === "DELETED") return undefined;
    return { rv: row.rv, namespace, name, object: JSON.parse(row.data) };
  }

  /**
   * Write a new version. `build` receives the resourceVersion the object will have, so the stored
   * JSON carries it. Synchronous: node:sqlite runs on this thread, so read-check-write is atomic.
   */
  write(resource: string, namespace: string, name: string, type: ChangeType, build: (rv: number) => Record<string, unknown>): Change {
    const rv = this.counter + 1;
    const object = build(rv);
    const data = JSON.stringify(object);
    this.db.exec("BEGIN IMMEDIATE");
    try {
      this.stmts.insert.run(rv, resource, namespace, name, type, data);
      this.stmts.setMeta.run("counter", rv);
      this.db.exec("COMMIT");
    } catch (e) {
      this.db.exec("ROLLBACK");
      throw e;
    }
    this.counter = rv;
    return { type, resource, rv, namespace, name, object };
  }

  /**
   * Objects as they were at `atRv`, in (namespace, name) order after `after`. Yields lazily so the
   * caller can filter by selectors and stop at its page limit.
   */
  *list(resource: string, opts: { namespace?: string; after?: ListPosition; atRv: number }): Generator<LazyObject> {
    const after = opts.after ?? { namespace: "", name: "" };
    const rows = (
      opts.namespace !== undefined
        ? this.stmts.listNs.iterate(resource, opts.namespace, opts.namespace === after.namespace ? after.name : "")
        : this.stmts.listAll.iterate(resource, after.namespace, after.namespace, after.name)
    ) as Iterable<{ rv: number; ns: string; name: string; type: string; data: string }>;
    let lastKey = "";
    for (const row of rows) {
      if (row.rv > opts.atRv) continue;
      const key = `${row.ns}\u0000${row.name}`;
      if (key === lastKey) continue; // an older version of a key already decided
      lastKey = key;
      if (row.type === "DELETED") continue;
      let parsed: Record<string, unknown> | undefined;
      const data = row.data;
      yield {
        rv: row.rv,
        namespace: row.ns,
        name: row.name,
        get object() {
          return (parsed ??= JSON.parse(data) as Record<string, unknown>);
        },
      };
    }
  }

  /** Every change to `resource` after `rv`, oldest first (for a watch to catch up). */
  changesSince(resource: string, rv: number): Change[] {
    const rows = this.stmts.since.all(rv, resource) as Array<{ rv: number; resource: string; ns: string; name: string; type: ChangeType; data: string }>;
    return rows.map((r) => ({ rv: r.rv, resource: r.resource, namespace: r.ns, name: r.name, type: r.type, object: JSON.parse(r.data) }));
  }

  /** Drop superseded versions and tombstones at or below `rv`. */
  compact(rv: number): void {
    if (rv <= this.compactedRv) return;
    this.db.exec("BEGIN IMMEDIATE");
    try {
      this.db
        .prepare(
          `DELETE FROM versions WHERE rv <= ? AND (type = 'DELETED' OR EXISTS (
             SELECT 1 FROM versions w WHERE w.resource = versions.resource AND w.ns = versions.ns
               AND w.name = versions.name AND w.rv > versions.rv AND w.rv <= ?))`,
        )
        .run(rv, rv);
      this.stmts.setMeta.run("compacted", rv);
      this.db.exec("COMMIT");
    } catch (e) {
      this.db.exec("ROLLBACK");
      throw e;
    }
    this.compactedRv = rv;
  }

  close(): void {
    this.db.close();
  }
}
