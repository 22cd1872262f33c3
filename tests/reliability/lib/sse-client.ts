// What the browser does with the session stream, without a browser: read the SSE route's answer,
// fold `change` events into list pages with the console's own `applyWatchEvent`, and on `reset`
// re-read the list (the cache invalidation of lib/query/use-session-watch.ts).
import { NextRequest } from "next/server";
import { applyWatchEvent, type ListPage } from "@/lib/query/apply-watch-event";
import type { AgenticSession } from "@/types/agentic-session";

type Handler = (req: NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

export interface SseEvent {
  event: string;
  id?: string;
  data: unknown;
  at: number;
}

export function parseSse(block: string): Omit<SseEvent, "at"> | undefined {
  let event = "message";
  let id: string | undefined;
  const data: string[] = [];
  for (const line of block.split("\n")) {
    if (line.startsWith("event: ")) event = line.slice(7);
    else if (line.startsWith("id: ")) id = line.slice(4);
    else if (line.startsWith("data: ")) data.push(line.slice(6));
  }
  if (!data.length) return undefined;
  const text = data.join("\n");
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    /* plain text */
  }
  return { event, id, data: parsed };
}

export class BrowserModel {
  pages: ListPage[] = [];
  readonly events: SseEvent[] = [];
  readonly states: Array<{ state: string; at: number }> = [];
  streamEnded = false;
  private abort = new AbortController();

  constructor(
    private readonly routes: { list: Handler; watch: Handler },
    private readonly project: string,
    private readonly token: string,
  ) {}

  private headers() {
    return new Headers({ "x-forwarded-access-token": this.token });
  }

  /** The list the page renders first (server-rendered in the real console). */
  async refetch(): Promise<ListPage> {
    const req = new NextRequest(new URL(`http://localhost:3000/api/projects/${this.project}/sessions?limit=500`), { headers: this.headers() });
    const res = await this.routes.list(req, { params: Promise.resolve({ project: this.project }) });
    if (res.status !== 200) throw new Error(`list answered ${res.status}`);
    const page = (await res.json()) as ListPage;
    this.pages = [page];
    return page;
  }

  names(): string[] {
    return this.pages.flatMap((p) => p.items.map((s) => s.metadata.name!)).sort();
  }

  displayNames(): Record<string, string | undefined> {
    return Object.fromEntries(this.pages.flatMap((p) => p.items.map((s) => [s.metadata.name!, s.spec?.displayName])));
  }

  /** Open the stream from `fromResourceVersion` and keep folding events in until close(). */
  async open(fromResourceVersion?: string): Promise<void> {
    const qs = fromResourceVersion ? `?resourceVersion=${encodeURIComponent(fromResourceVersion)}` : "";
    const req = new NextRequest(new URL(`http://localhost:3000/api/projects/${this.project}/sessions/watch${qs}`), { headers: this.headers(), signal: this.abort.signal });
    const res = await this.routes.watch(req, { params: Promise.resolve({ project: this.project }) });
    if (!(res.headers.get("content-type") ?? "").includes("text/event-stream")) throw new Error(`watch answered ${res.status}`);
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let buffer = "";
    void (async () => {
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += decoder.decode(value, { stream: true });
          let cut: number;
          while ((cut = buffer.indexOf("\n\n")) >= 0) {
            const ev = parseSse(buffer.slice(0, cut));
            buffer = buffer.slice(cut + 2);
            if (ev) await this.onEvent({ ...ev, at: Date.now() });
          }
        }
      } catch {
        /* aborted */
      }
      this.streamEnded = true;
    })();
  }

  private async onEvent(ev: SseEvent): Promise<void> {
    this.events.push(ev);
    if (ev.event === "state") this.states.push({ state: (ev.data as { state: string }).state, at: ev.at });
    if (ev.event === "change") {
      const { type, object } = ev.data as { type: "ADDED" | "MODIFIED" | "DELETED"; object: AgenticSession };
      this.pages = applyWatchEvent(this.pages, type, object, () => true);
    }
    if (ev.event === "reset") await this.refetch();
  }

  lastState(): string | undefined {
    return this.states.at(-1)?.state;
  }

  async waitFor(what: string, pred: () => boolean, timeoutMs: number): Promise<number> {
    const start = Date.now();
    while (!pred()) {
      if (Date.now() - start > timeoutMs) throw new Error(`${what} not within ${timeoutMs} ms; states ${JSON.stringify(this.states.map((s) => s.state))}, rows ${JSON.stringify(this.names())}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    return Date.now();
  }

  close(): void {
    this.abort.abort();
  }
}
