// The console's start/stop route handlers called in-process, as Next calls them.
import path from "node:path";
import { pathToFileURL } from "node:url";
import { NextRequest } from "next/server";
import type { ConsoleActions } from "./lost-updates";
import { ROOT } from "./route-fuzz";

type Handler = (req: NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

export async function inProcessActions(token: string): Promise<ConsoleActions> {
  const load = async (action: string) =>
    ((await import(pathToFileURL(path.join(ROOT, "app/api/projects/[project]/sessions/[name]", action, "route.ts")).href)) as { POST: Handler }).POST;
  const handlers = { start: await load("start"), stop: await load("stop") };
  return {
    async action(kind, namespace, name) {
      const req = new NextRequest(new URL(`http://localhost:3000/api/projects/${namespace}/sessions/${name}/${kind}`), {
        method: "POST",
        headers: { "x-forwarded-access-token": token },
      });
      const res = await handlers[kind](req, { params: Promise.resolve({ project: namespace, name }) });
      return { status: res.status, body: await res.json() };
    },
  };
}
