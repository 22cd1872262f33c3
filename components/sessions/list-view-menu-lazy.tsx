"use client";

import { Columns3 } from "lucide-react";
import dynamic from "next/dynamic";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import type { ListView } from "@/lib/session/list-view";

function ViewButton(props: React.ComponentProps<typeof Button>) {
  return (
    <Button variant="outline" size="sm" data-testid="view-menu" {...props}>
      <Columns3 /> View
    </Button>
  );
}

const ListViewMenu = dynamic(() => import("./list-view-menu").then((m) => m.ListViewMenu), { ssr: false, loading: () => <ViewButton disabled /> });

/**
 * The View menu's button; the menu itself (Radix dropdown and its positioning code) is fetched on
 * the first click and opens at once, so it stays off the list page's first load.
 */
export function ListViewMenuLazy({ view, onChange }: { view: ListView; onChange: (next: ListView) => void }) {
  const [loaded, setLoaded] = useState(false);
  if (loaded) return <ListViewMenu view={view} onChange={onChange} defaultOpen />;
  return <ViewButton aria-haspopup="menu" onClick={() => setLoaded(true)} onPointerEnter={() => void import("./list-view-menu")} />;
}
