import { NextResponse } from "next/server";
import { deleteSessionChecked, stopSession } from "@/lib/k8s/session-actions";
import { readJson, route } from "@/lib/http/route";
import { toErrorResponse } from "@/lib/http/to-error-response";
import { logger } from "@/lib/log";
import { bulkActionSchema, projectNameSchema } from "@/lib/session/schemas";
import type { BulkItemResult } from "@/lib/session/list-view";

export const dynamic = "force-dynamic";

/** Writes in flight at once: enough to finish 500 quickly, few enough not to flood the API server. */
const CONCURRENCY = 8;

async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/**
 * One action on many sessions. Each item runs on its own (stop: desired-phase with the version read
 * and 409 retry; delete: preconditioned on the version read), so one failure never stops the rest;
 * the answer is 200 with a result per name, in the order given.
 */
export const POST = route<{ project: string }>(async ({ req, params, kc }) => {
  const project = projectNameSchema.parse(params.project);
  const { action, names } = bulkActionSchema.parse(await readJson(req));
  const results = await mapLimit(names, CONCURRENCY, async (name): Promise<BulkItemResult> => {
    try {
      if (action === "stop") {
        const r = await stopSession(kc, project, name);
        return { name, ok: true, message: r.message };
      }
      await deleteSessionChecked(kc, project, name);
      return { name, ok: true, message: "Session deleted" };
    } catch (e) {
      const { body, unexpected } = toErrorResponse(e);
      if (unexpected) logger.error({ err: e, project, name, action }, "bulk item failed");
      return { name, ok: false, code: body.error.code, message: body.error.message };
    }
  });
  const failed = results.filter((r) => !r.ok).length;
  return NextResponse.json({ action, results, succeeded: results.length - failed, failed }, { headers: { "Cache-Control": "no-store" } });
});
