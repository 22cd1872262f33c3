"use client";

import dynamic from "next/dynamic";
import { Skeleton } from "@/components/ui/skeleton";

/** The workspace tab, downloaded only when the tab is opened (tree, viewer, highlighter stay off the detail page's first load). */
export const WorkspaceTabLazy = dynamic(() => import("./workspace-tab").then((m) => m.WorkspaceTab), {
  ssr: false,
  loading: () => <Skeleton className="h-48 w-full" data-testid="workspace-loading" />,
});
