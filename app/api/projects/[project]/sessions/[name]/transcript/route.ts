import { NextResponse } from "next/server";
import { contentServiceName, readTranscript } from "@/lib/k8s/content";
import { applyDecision } from "@/lib/k8s/session-actions";
import { getSession } from "@/lib/k8s/sessions";
import { route } from "@/lib/http/route";
import { decideTempAccess, phaseOf } from "@/lib/session/actions";
import { isTerminal } from "@/lib/session/phase";
import { sessionRefSchema } from "@/lib/session/schemas";
import type { TranscriptView } from "@/lib/session/transcript";

export const dynamic = "force-dynamic";

const json = (body: TranscriptView) => NextResponse.json(body, { headers: { "Cache-Control": "no-store" } });

/**
 * The runner's transcript: from the runner's content server while Running; after the end through
 * temporary workspace access, which this read requests and keeps alive (CONTRACT.md §6).
 */
export const GET = route<{ project: string; name: string }>(async ({ params, kc }) => {
  const { project, name } = sessionRefSchema.parse(params);
  let session = await getSession(kc, project, name);
  const phase = phaseOf(session);
  if (phase === "Running") {
    try {
      return json({ state: "live", entries: await readTranscript(kc, project, contentServiceName.running(name)) });
    } catch (e) {
      if ((e as { code?: unknown }).code !== 503) throw e;
      return json({ state: "unavailable", entries: [], message: "The runner's content server is not up yet" });
    }
  }
  if (!isTerminal(phase)) return json({ state: "unavailable", entries: [], message: `The session is ${phase}; the transcript is readable once it runs` });
  session = (await applyDecision(kc, project, name, (s) => decideTempAccess(s, new Date()), "Temporary access requested")).session;
  const ready = session.status?.conditions?.find((c) => c.type === "TempContentPodReady");
  if (ready?.status !== "True") {
    return json({ state: "provisioning", entries: [], message: ready?.message || "Opening the workspace of the ended session…" });
  }
  try {
    return json({ state: "archived", entries: await readTranscript(kc, project, contentServiceName.temp(name)) });
  } catch (e) {
    if ((e as { code?: unknown }).code !== 503) throw e;
    return json({ state: "provisioning", entries: [], message: "The workspace server is starting" });
  }
});
