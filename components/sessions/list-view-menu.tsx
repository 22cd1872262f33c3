"use client";

import { Columns3 } from "lucide-react";
import { DropdownMenu } from "radix-ui";
import { Button } from "@/components/ui/button";
import { COLUMN_LABELS, LIST_COLUMNS, SORT_KEYS, nextSort, toggleColumn, type ListView, type SortDir, type SortKey } from "@/lib/session/list-view";

const SORT_LABELS: Record<SortKey, string> = { age: "Age", phase: "Phase", duration: "Running time", name: "Name" };

const itemClass =
  "relative flex cursor-default items-center gap-2 rounded-sm py-1.5 pr-2 pl-7 text-sm outline-none select-none data-[highlighted]:bg-accent data-[disabled]:opacity-50";

function Check() {
  return <span aria-hidden className="absolute left-2 text-xs">✓</span>;
}

/**
 * "View" menu: which columns show, and the sort (also reachable by clicking headers, but a hidden
 * column can still be the sort key). Radix gives the keyboard handling: arrows, Space/Enter, Esc.
 */
export function ListViewMenu({ view, onChange, defaultOpen }: { view: ListView; onChange: (next: ListView) => void; defaultOpen?: boolean }) {
  return (
    <DropdownMenu.Root defaultOpen={defaultOpen}>
      <DropdownMenu.Trigger asChild>
        <Button variant="outline" size="sm" data-testid="view-menu">
          <Columns3 /> View
        </Button>
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content align="end" sideOffset={4} className="z-50 min-w-48 rounded-md border bg-card p-1 shadow-md">
          <DropdownMenu.Label className="px-2 py-1 text-xs font-medium text-muted-foreground">Columns</DropdownMenu.Label>
          {LIST_COLUMNS.map((col) => (
            <DropdownMenu.CheckboxItem
              key={col}
              data-testid={`column-${col}`}
              className={itemClass}
              checked={view.cols.includes(col)}
              onSelect={(e) => e.preventDefault()}
              onCheckedChange={() => onChange(toggleColumn(view, col))}
            >
              <DropdownMenu.ItemIndicator>
                <Check />
              </DropdownMenu.ItemIndicator>
              {COLUMN_LABELS[col]}
            </DropdownMenu.CheckboxItem>
          ))}
          <DropdownMenu.Separator className="my-1 h-px bg-border" />
          <DropdownMenu.Label className="px-2 py-1 text-xs font-medium text-muted-foreground">Sort by</DropdownMenu.Label>
          <DropdownMenu.RadioGroup value={view.sort} onValueChange={(v) => onChange(v === view.sort ? view : nextSort(view, v as SortKey))}>
            {SORT_KEYS.map((key) => (
              <DropdownMenu.RadioItem key={key} value={key} className={itemClass} data-testid={`sort-by-${key}`}>
                <DropdownMenu.ItemIndicator>
                  <Check />
                </DropdownMenu.ItemIndicator>
                {SORT_LABELS[key]}
              </DropdownMenu.RadioItem>
            ))}
          </DropdownMenu.RadioGroup>
          <DropdownMenu.Separator className="my-1 h-px bg-border" />
          <DropdownMenu.RadioGroup value={view.dir} onValueChange={(v) => onChange({ ...view, dir: v as SortDir })}>
            <DropdownMenu.RadioItem value="asc" className={itemClass} data-testid="sort-dir-asc">
              <DropdownMenu.ItemIndicator>
                <Check />
              </DropdownMenu.ItemIndicator>
              {view.sort === "age" ? "Newest first" : "Ascending"}
            </DropdownMenu.RadioItem>
            <DropdownMenu.RadioItem value="desc" className={itemClass} data-testid="sort-dir-desc">
              <DropdownMenu.ItemIndicator>
                <Check />
              </DropdownMenu.ItemIndicator>
              {view.sort === "age" ? "Oldest first" : "Descending"}
            </DropdownMenu.RadioItem>
          </DropdownMenu.RadioGroup>
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}
