import { route } from "@/lib/http/route";
import { workspaceRead } from "@/lib/workspace/read";

export const dynamic = "force-dynamic";

/** git status of the repo at ?path=. */
export const GET = route<{ project: string; name: string }>((ctx) => workspaceRead(ctx, "git-status"));
