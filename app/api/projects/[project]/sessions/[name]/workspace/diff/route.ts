import { route } from "@/lib/http/route";
import { workspaceRead } from "@/lib/workspace/read";

export const dynamic = "force-dynamic";

/** Diff of the repo at ?path= against its cloned commit, new files included. */
export const GET = route<{ project: string; name: string }>((ctx) => workspaceRead(ctx, "diff"));
