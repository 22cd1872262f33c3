import "server-only";
import type { KubeConfig } from "@kubernetes/client-node";
import { toFact, type SessionFact } from "../session/overview";
import type { OverviewData } from "../../types/overview";
import { listProjects } from "./projects";
import { listSessions } from "./sessions";

// Large pages: the overview reads every session, and each API round trip costs more than the
// objects in it (auth, TLS, the store query); 2,000 keeps one page's memory small all the same.
const PAGE = 2000;

async function projectFacts(kc: KubeConfig, project: string): Promise<{ facts: SessionFact[]; version: string }> {
  const facts: SessionFact[] = [];
  let cont: string | undefined;
  let version = "";
  do {
    const page = await listSessions(kc, project, { limit: PAGE, continue: cont });
    version ||= page.resourceVersion;
    for (const s of page.items) facts.push(toFact(project, s));
    cont = page.continue;
  } while (cont);
  return { facts, version };
}

/** Every session of every project the caller may see, as facts, read in parallel. */
export async function loadOverview(kc: KubeConfig): Promise<OverviewData> {
  const projects = await listProjects(kc);
  const results = await Promise.allSettled(projects.map((p) => projectFacts(kc, p.name)));
  const data: OverviewData = { projects, facts: [], versions: {}, errors: {} };
  results.forEach((r, i) => {
    const name = projects[i].name;
    if (r.status === "fulfilled") {
      data.facts.push(...r.value.facts);
      data.versions[name] = r.value.version;
    } else {
      data.errors[name] = r.reason instanceof Error ? r.reason.message.split("\n")[0] : String(r.reason);
    }
  });
  return data;
}
