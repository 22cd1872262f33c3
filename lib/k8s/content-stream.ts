import "server-only";
import http from "node:http";
import type { KubeConfig } from "@kubernetes/client-node";
import { HttpError } from "../http/api-error";
import { proxyError, proxyTarget, type ProxyResponse } from "./content";

// The streaming sibling of `proxyRequest` (content.ts): the content server's answer is handed on
// as a web stream with backpressure, so a 50 MB file or an archive never sits in memory whole.

const CONNECT_TIMEOUT_MS = 15_000;
/** An upstream that sends nothing for this long is given up on (a stalled download, not a slow one). */
const IDLE_TIMEOUT_MS = 60_000;
const MAX_ERROR_BODY = 64 * 1024;

export interface ProxyStream {
  status: number;
  headers: Record<string, string>;
  body: ReadableStream<Uint8Array>;
}

function collect(res: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    res.on("data", (c: Buffer) => {
      if (size < MAX_ERROR_BODY) chunks.push(c);
      size += c.length;
    });
    res.on("end", () => resolve(Buffer.concat(chunks).subarray(0, MAX_ERROR_BODY)));
    res.on("error", () => resolve(Buffer.concat(chunks)));
  });
}

/**
 * GET through the service proxy as the caller. A 2xx answer is returned as a stream (headers kept
 * for the caller to pick from); any other answer is read (bounded) and thrown as the console's error
 * via `proxyError`. A missing service or endpoint is the API server's 503: "not available".
 */
export async function proxyStream(
  kc: KubeConfig,
  namespace: string,
  service: string,
  path: string,
  query: Record<string, string>,
  what: string,
  signal?: AbortSignal,
): Promise<ProxyStream> {
  const { url, opts, lib } = await proxyTarget(kc, namespace, service, path, query, { method: "GET", headers: { Accept: "*/*" }, timeout: CONNECT_TIMEOUT_MS });
  const res = await new Promise<http.IncomingMessage>((resolve, reject) => {
    const req = lib.request(url, opts, resolve);
    req.on("timeout", () => req.destroy(new HttpError(504, "Timeout", `${what}: the workspace server did not answer in time.`)));
    req.on("error", reject);
    if (signal) {
      if (signal.aborted) req.destroy(new HttpError(499, "ClientClosedRequest", "The request was cancelled."));
      signal.addEventListener("abort", () => req.destroy(), { once: true });
    }
    req.end();
  });
  const status = res.statusCode ?? 502;
  if (status < 200 || status >= 300) {
    const body = await collect(res);
    const answer: ProxyResponse = { status, contentType: String(res.headers["content-type"] ?? ""), body };
    // A 404 in the API server's Status form means the service is gone, not the file.
    if (status === 404 && /"kind"\s*:\s*"Status"/.test(body.toString("utf8", 0, 200))) {
      throw new HttpError(503, "ServiceUnavailable", `${what}: the workspace server is not available`);
    }
    throw proxyError(answer, what);
  }
  res.setTimeout(IDLE_TIMEOUT_MS, () => res.destroy(new Error("workspace server stalled")));
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(res.headers)) if (typeof v === "string") headers[k] = v;
  return { status, headers, body: toWebStream(res) };
}

/**
 * Node stream → web stream with a byte-bounded queue: the upstream socket is paused while the
 * browser reads slower than the workspace server sends, and cancelling (browser gone) destroys it.
 * Hand-made rather than Readable.toWeb so the bound is explicit in bytes whatever the Node version,
 * and an upstream that closes early errors the stream: a cut download must not look complete.
 */
export function toWebStream(res: http.IncomingMessage, highWaterBytes = 256 * 1024): ReadableStream<Uint8Array> {
  let done = false;
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        const fail = (e: Error) => {
          if (done) return;
          done = true;
          controller.error(e);
        };
        res.on("data", (chunk: Buffer) => {
          if (done) return;
          controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
          if ((controller.desiredSize ?? 0) <= 0) res.pause();
        });
        res.on("end", () => {
          if (done) return;
          done = true;
          controller.close();
        });
        res.on("error", fail);
        res.on("close", () => {
          if (!res.complete) fail(new Error("the workspace server closed the connection early"));
        });
      },
      pull() {
        res.resume();
      },
      cancel() {
        done = true;
        res.destroy();
      },
    },
    new ByteLengthQueuingStrategy({ highWaterMark: highWaterBytes }),
  );
}
