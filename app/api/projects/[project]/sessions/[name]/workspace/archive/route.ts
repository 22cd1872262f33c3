import { route } from "@/lib/http/route";
import { workspaceRead } from "@/lib/workspace/read";

export const dynamic = "force-dynamic";

/** A .tar.gz of the whole workspace, or of ?path= (one repo or folder), streamed. */
export const GET = route<{ project: string; name: string }>((ctx) => workspaceRead(ctx, "archive"));
