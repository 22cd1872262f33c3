// Lost updates: concurrent clients write to the same sessions while the operator reconciles them.
// Every acknowledged write must still be visible at the end (the last one per key wins, ordered by
// the resourceVersion the server answered with), and every session must reach the state of the last
// acknowledged start/stop.
import { CustomObjectsApi, PatchStrategy, setHeaderOptions, type KubeConfig } from "@kubernetes/client-node";
import { ANNOTATIONS, SESSION_GROUP, SESSION_PLURAL, SESSION_VERSION, type AgenticSession } from "@/types/agentic-session";

const base = { group: SESSION_GROUP, version: SESSION_VERSION, plural: SESSION_PLURAL };
export const MARK = (client: number) => `reliability.test/c${client}`;

export type Op = "start" | "stop" | "annotate" | "spec";

/** The console's start/stop, however the caller reaches them (route handlers in-process, or HTTP). */
export interface ConsoleActions {
  action(kind: "start" | "stop", namespace: string, name: string): Promise<{ status: number; body: unknown }>;
}

export interface Ack {
  op: Op;
  session: string;
  client: number;
  /** resourceVersion of the answer: the order of acknowledged writes on one object. */
  rv: number;
  value?: string;
  changed?: boolean;
}

export interface LostUpdateFigures {
  clients: number;
  sessions: number;
  attempted: number;
  acknowledged: number;
  refused: Record<string, number>;
  conflictsRetried: number;
  opsPerSecond: number;
  seconds: number;
  lost: number;
  lostExamples: string[];
  convergeSeconds: number;
}

function pick<T>(xs: readonly T[]): T {
  return xs[Math.floor(Math.random() * xs.length)];
}

/** Merge patch carrying the resourceVersion read; 409 → re-read and retry (what the console does). */
async function patchWithRetry(api: CustomObjectsApi, ns: string, name: string, change: (s: AgenticSession) => Record<string, unknown>, onConflict: () => void): Promise<AgenticSession> {
  for (let attempt = 0; ; attempt++) {
    const cur = (await api.getNamespacedCustomObject({ ...base, namespace: ns, name })) as AgenticSession;
    const p = change(cur) as { metadata?: Record<string, unknown> };
    try {
      return (await api.patchNamespacedCustomObject(
        { ...base, namespace: ns, name, body: { ...p, metadata: { ...(p.metadata ?? {}), resourceVersion: cur.metadata.resourceVersion } } },
        setHeaderOptions("Content-Type", PatchStrategy.MergePatch),
      )) as AgenticSession;
    } catch (e) {
      if ((e as { code?: number }).code !== 409 || attempt > 50) throw e;
      onConflict();
    }
  }
}

export async function runLostUpdates(opts: {
  kc: KubeConfig;
  namespace: string;
  sessionNames: string[];
  clients: number;
  writes: number;
  consoleActions: ConsoleActions;
  /** How long sessions may take to reach the last acknowledged start/stop. */
  convergeTimeoutMs?: number;
}): Promise<LostUpdateFigures> {
  const api = opts.kc.makeApiClient(CustomObjectsApi);
  const ns = opts.namespace;
  const acks: Ack[] = [];
  const refused: Record<string, number> = {};
  let attempted = 0;
  let conflictsRetried = 0;
  let remaining = opts.writes;
  const started = Date.now();
  const client = async (id: number) => {
    let counter = 0;
    while (remaining > 0) {
      remaining--;
      attempted++;
      const session = pick(opts.sessionNames);
      const op = pick<Op>(["start", "stop", "annotate", "annotate", "spec"]);
      try {
        if (op === "start" || op === "stop") {
          const res = await opts.consoleActions.action(op, ns, session);
          if (res.status >= 200 && res.status < 300) {
            const r = res.body as { session: AgenticSession; changed: boolean; retries?: number; message?: string };
            conflictsRetried += r.retries ?? 0;
            const seen = `${r.session.status?.phase ?? "-"}/${r.session.metadata.annotations?.[ANNOTATIONS.desiredPhase] ?? "-"}`;
            acks.push({ op, session, client: id, rv: Number(r.session.metadata.resourceVersion), changed: r.changed, value: `${r.message} [${seen}]` });
          } else refused[`${op} ${res.status}`] = (refused[`${op} ${res.status}`] ?? 0) + 1;
        } else if (op === "annotate") {
          const value = `${id}-${++counter}`;
          const s = await patchWithRetry(api, ns, session, () => ({ metadata: { annotations: { [MARK(id)]: value } } }), () => conflictsRetried++);
          acks.push({ op, session, client: id, rv: Number(s.metadata.resourceVersion), value });
        } else {
          const value = `spec by ${id} #${++counter}`;
          const s = await patchWithRetry(api, ns, session, () => ({ spec: { displayName: value } }), () => conflictsRetried++);
          acks.push({ op, session, client: id, rv: Number(s.metadata.resourceVersion), value });
        }
      } catch (e) {
        const code = (e as { code?: number }).code ?? "error";
        refused[`${op} ${code}`] = (refused[`${op} ${code}`] ?? 0) + 1;
      }
    }
  };
  await Promise.all(Array.from({ length: opts.clients }, (_, i) => client(i)));
  const seconds = (Date.now() - started) / 1000;

  // What must hold: per session, the last acknowledged value of each key, and the last start/stop.
  const last = new Map<string, Ack>();
  for (const a of acks) {
    const key = a.op === "annotate" ? `${a.session}|mark|${a.client}` : a.op === "spec" ? `${a.session}|spec` : `${a.session}|run`;
    const prev = last.get(key);
    if (!prev || a.rv > prev.rv) last.set(key, a);
  }
  const expectedPhase = (name: string) => {
    const a = last.get(`${name}|run`);
    return a ? (a.op === "stop" ? "Stopped" : "Running") : undefined;
  };

  // Let the operator finish: each session in the phase its last start/stop asked for, no request pending.
  const convergeStart = Date.now();
  const deadline = convergeStart + (opts.convergeTimeoutMs ?? 60_000);
  let finals = new Map<string, AgenticSession>();
  for (;;) {
    finals = new Map(
      await Promise.all(opts.sessionNames.map(async (n) => [n, (await api.getNamespacedCustomObject({ ...base, namespace: ns, name: n })) as AgenticSession] as const)),
    );
    const settled = [...finals.entries()].every(([n, s]) => {
      const want = expectedPhase(n);
      return !s.metadata.annotations?.[ANNOTATIONS.desiredPhase] && (!want || s.status?.phase === want);
    });
    if (settled || Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  const convergeSeconds = (Date.now() - convergeStart) / 1000;

  const lostExamples: string[] = [];
  for (const [key, a] of last) {
    const s = finals.get(a.session)!;
    let actual: string | undefined;
    let want: string | undefined;
    if (a.op === "annotate") {
      actual = s.metadata.annotations?.[MARK(a.client)];
      want = a.value;
    } else if (a.op === "spec") {
      actual = s.spec?.displayName;
      want = a.value;
    } else {
      actual = `${s.status?.phase}${s.metadata.annotations?.[ANNOTATIONS.desiredPhase] ? ` (desired ${s.metadata.annotations[ANNOTATIONS.desiredPhase]})` : ""}`;
      want = expectedPhase(a.session);
    }
    if (actual !== want) lostExamples.push(`${key}: acknowledged ${want} at rv ${a.rv}${a.changed === false ? ` (unchanged: ${a.value})` : ""}, found ${actual}`);
  }
  return {
    clients: opts.clients,
    sessions: opts.sessionNames.length,
    attempted,
    acknowledged: acks.length,
    refused,
    conflictsRetried,
    opsPerSecond: Math.round((attempted / seconds) * 10) / 10,
    seconds: Math.round(seconds * 10) / 10,
    lost: lostExamples.length,
    lostExamples: lostExamples.slice(0, 20),
    convergeSeconds: Math.round(convergeSeconds * 10) / 10,
  };
}
