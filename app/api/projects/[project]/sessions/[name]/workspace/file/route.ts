import { route } from "@/lib/http/route";
import { workspaceRead } from "@/lib/workspace/read";

export const dynamic = "force-dynamic";

/** A file's bytes, streamed; ?download=1 answers as an attachment. */
export const GET = route<{ project: string; name: string }>((ctx) => workspaceRead(ctx, "file"));
