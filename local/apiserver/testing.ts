// Raw HTTPS access to a test API server, for the wire-level checks client-node hides.
import https from "node:https";
import type { RunningApiServer } from "./index";

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export function rawClient(server: RunningApiServer, token: string | undefined = server.adminToken) {
  return function raw(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<RawResponse> {
    const payload = body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = https.request(
        `${server.url}${path}`,
        {
          method,
          ca: server.caPem,
          headers: {
            ...(token ? { Authorization: `Bearer ${token}` } : {}),
            ...(payload !== undefined ? { "Content-Type": "application/json", "Content-Length": String(Buffer.byteLength(payload)) } : {}),
            ...headers,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c) => chunks.push(c));
          res.on("end", () => {
            const text = Buffer.concat(chunks).toString("utf8");
            let json: unknown;
            try {
              json = JSON.parse(text);
            } catch {
              json = undefined;
            }
            resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
          });
        },
      );
      req.on("error", reject);
      if (payload !== undefined) req.write(payload);
      req.end();
    });
  };
}

/** Open a watch and collect its JSON lines until `stop()`. */
export function rawWatch(server: RunningApiServer, path: string, token: string = server.adminToken) {
  const events: Array<{ type: string; object: any }> = []; // eslint-disable-line @typescript-eslint/no-explicit-any
  let ended = false;
  let buffer = "";
  const req = https.request(`${server.url}${path}`, { method: "GET", ca: server.caPem, headers: { Authorization: `Bearer ${token}` } }, (res) => {
    res.setEncoding("utf8");
    res.on("data", (chunk: string) => {
      buffer += chunk;
      let nl: number;
      while ((nl = buffer.indexOf("\n")) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        if (line.trim()) events.push(JSON.parse(line));
      }
    });
    res.on("end", () => (ended = true));
    res.on("close", () => (ended = true));
  });
  req.on("error", () => (ended = true));
  req.end();
  return {
    events,
    get ended() {
      return ended;
    },
    async waitFor(pred: (e: { type: string; object: any }) => boolean, timeoutMs = 5000) { // eslint-disable-line @typescript-eslint/no-explicit-any
      const start = Date.now();
      while (Date.now() - start < timeoutMs) {
        const found = events.find(pred);
        if (found) return found;
        await new Promise((r) => setTimeout(r, 20));
      }
      throw new Error(`watch event not seen within ${timeoutMs} ms; got ${JSON.stringify(events.map((e) => e.type))}`);
    },
    stop: () => req.destroy(),
  };
}
