import "server-only";
import http from "node:http";
import https from "node:https";
import type { KubeConfig } from "@kubernetes/client-node";
import { HttpError } from "../http/api-error";
import type { TranscriptEntry } from "../session/transcript";

// The session's content server, reached through the API server's service proxy as the caller
// (CONTRACT.md §6), so RBAC on services/proxy applies and cluster and local work alike.

export const contentServiceName = {
  running: (session: string) => `ambient-content-${session}`,
  temp: (session: string) => `temp-content-${session}`,
};

const MAX_BODY = 8 * 1024 * 1024;
const TIMEOUT_MS = 15_000;

export interface ProxyResponse {
  status: number;
  contentType: string;
  body: Buffer;
}

/** `/api/v1/namespaces/<ns>/services/<svc>:http/proxy/<path>?<query>` on the configured server. */
export function proxyUrl(server: string, namespace: string, service: string, path: string, query?: Record<string, string>): URL {
  const base = server.replace(/\/+$/, "");
  const url = new URL(`${base}/api/v1/namespaces/${encodeURIComponent(namespace)}/services/${encodeURIComponent(service)}:http/proxy/${path.replace(/^\/+/, "")}`);
  for (const [k, v] of Object.entries(query ?? {})) url.searchParams.set(k, v);
  return url;
}

/** Where and how to reach a service through the API server's proxy as the caller (server, CA, token). */
export async function proxyTarget(
  kc: KubeConfig,
  namespace: string,
  service: string,
  path: string,
  query: Record<string, string> | undefined,
  opts: https.RequestOptions,
): Promise<{ url: URL; opts: https.RequestOptions; lib: typeof http | typeof https }> {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new HttpError(503, "ServiceUnavailable", "No Kubernetes cluster configured.");
  const url = proxyUrl(cluster.server, namespace, service, path, query);
  await kc.applyToHTTPSOptions(opts);
  return { url, opts, lib: url.protocol === "http:" ? http : https };
}

/** One request through the service proxy, authenticated with the caller's KubeConfig (server, CA, token). */
export async function proxyRequest(
  kc: KubeConfig,
  namespace: string,
  service: string,
  path: string,
  init: { method?: "GET" | "POST"; query?: Record<string, string>; json?: unknown } = {},
): Promise<ProxyResponse> {
  const payload = init.json !== undefined ? Buffer.from(JSON.stringify(init.json)) : undefined;
  const { url, opts, lib } = await proxyTarget(kc, namespace, service, path, init.query, {
    method: init.method ?? "GET",
    headers: {
      Accept: "application/json, */*",
      ...(payload ? { "Content-Type": "application/json", "Content-Length": String(payload.length) } : {}),
    },
    timeout: TIMEOUT_MS,
  });
  return new Promise<ProxyResponse>((resolve, reject) => {
    const req = lib.request(url, opts, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on("data", (c: Buffer) => {
        size += c.length;
        if (size > MAX_BODY) {
          req.destroy(new HttpError(502, "BadGateway", `The workspace answer is larger than ${MAX_BODY} bytes.`));
          return;
        }
        chunks.push(c);
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 502, contentType: String(res.headers["content-type"] ?? ""), body: Buffer.concat(chunks) }));
      res.on("error", reject);
    });
    req.on("timeout", () => req.destroy(new HttpError(504, "Timeout", "The workspace server did not answer in time.")));
    req.on("error", reject);
    if (payload) req.write(payload);
    req.end();
  });
}

/** A non-2xx proxy answer as the console's error (the proxy's own Status when it sent one). */
export function proxyError(res: ProxyResponse, what: string): HttpError {
  let message = res.body.toString("utf8").slice(0, 500);
  let reason = "";
  try {
    const parsed = JSON.parse(message) as { message?: string; reason?: string; error?: { message?: string; reason?: string } | string };
    const inner = typeof parsed.error === "object" ? parsed.error : undefined;
    message = inner?.message ?? (typeof parsed.error === "string" ? parsed.error : undefined) ?? parsed.message ?? message;
    reason = inner?.reason ?? parsed.reason ?? "";
  } catch {
    // plain text answer: keep it as the message
  }
  // The API server answers 503 when the service has no ready endpoint: the runner is not up (yet).
  const code = res.status === 503 || res.status === 502 ? 503 : res.status >= 500 ? 502 : res.status;
  return new HttpError(code, reason || (code === 503 ? "ServiceUnavailable" : code === 404 ? "NotFound" : "BadGateway"), `${what}: ${message || `HTTP ${res.status}`}`);
}

export const TRANSCRIPT_PATH = ".session/transcript.jsonl";


/** Parse JSON lines, skipping a torn last line (the runner may be writing it right now). */
export function parseTranscript(text: string): TranscriptEntry[] {
  const out: TranscriptEntry[] = [];
  for (const line of text.split("\n")) {
    if (!line.trim()) continue;
    try {
      const v = JSON.parse(line) as unknown;
      if (v && typeof v === "object" && !Array.isArray(v)) out.push(v as TranscriptEntry);
    } catch {
      // partial line
    }
  }
  return out;
}

/** Read the transcript from the given content service; a missing file is an empty transcript. */
export async function readTranscript(kc: KubeConfig, namespace: string, service: string): Promise<TranscriptEntry[]> {
  const res = await proxyRequest(kc, namespace, service, "content/file", { query: { path: TRANSCRIPT_PATH } });
  if (res.status === 404) {
    // 404 from the content server (no file yet) vs from the API server (no such service): the latter is a Status.
    if (/"kind"\s*:\s*"Status"/.test(res.body.toString("utf8", 0, 200))) throw proxyError(res, "The workspace server is not available");
    return [];
  }
  if (res.status < 200 || res.status >= 300) throw proxyError(res, "Could not read the transcript");
  return parseTranscript(res.body.toString("utf8"));
}

/** Hand a follow-up message to the runner of an interactive, running session. */
export async function postMessage(kc: KubeConfig, namespace: string, session: string, text: string): Promise<void> {
  const res = await proxyRequest(kc, namespace, contentServiceName.running(session), "content/messages", { method: "POST", json: { text } });
  if (res.status < 200 || res.status >= 300) throw proxyError(res, "The runner did not take the message");
}
