import { route } from "@/lib/http/route";
import { workspaceRead } from "@/lib/workspace/read";

export const dynamic = "force-dynamic";

/** Entries of a folder (name, type, size, mtime); ?path= relative to the workspace. */
export const GET = route<{ project: string; name: string }>((ctx) => workspaceRead(ctx, "list"));
