import { route } from "@/lib/http/route";
import { workspaceTranscript } from "@/lib/workspace/read";

export const dynamic = "force-dynamic";

/** The session transcript from the workspace (live or temporary access), as entries. */
export const GET = route<{ project: string; name: string }>((ctx) => workspaceTranscript(ctx));
