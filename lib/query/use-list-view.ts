"use client";

import { usePathname, useSearchParams } from "next/navigation";
import { useCallback, useMemo } from "react";
import { parseListView, serializeListView, type ListView } from "../session/list-view";

/**
 * The list's sort and columns, kept in the URL (`sort=age&dir=desc&cols=phase,model`) so a reload
 * or a shared link shows the same view. Other parameters (phase, q) are left as they are.
 */
export function useListView(): [ListView, (next: ListView) => void] {
  const pathname = usePathname();
  const search = useSearchParams();
  const view = useMemo(() => parseListView(new URLSearchParams(search.toString())), [search]);
  const setView = useCallback(
    (next: ListView) => {
      // Read the live URL: the filters may have changed since this render.
      const qs = serializeListView(next, window.location.search).toString();
      // The view is the browser's business: replaceState updates useSearchParams (Next's router
      // follows it) without the server round trip router.replace would make for the page.
      // `null` state: the router syncs only calls it did not make itself (its own carry `__NA`).
      window.history.replaceState(null, "", `${pathname}${qs ? `?${qs}` : ""}`);
    },
    [pathname],
  );
  return [view, setView];
}
