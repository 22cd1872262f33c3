import { RelativeTime } from "@/components/common/relative-time";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { OwnedObject, SessionEvent } from "@/lib/session/timeline";
import { cn } from "@/lib/utils";

/** The Kubernetes objects of the session: what it owns, and every Event recorded on it. */
export function ResourcesPanel({ owned, events }: { owned: OwnedObject[]; events: SessionEvent[] }) {
  return (
    <div className="flex flex-col gap-4">
      <section className="flex flex-col gap-2">
        <h3 className="text-sm font-medium">Owned objects</h3>
        {owned.length === 0 ? (
          <p className="text-sm text-muted-foreground">None visible (the embedded default runs the session as a local process, not a pod).</p>
        ) : (
          <ul className="flex flex-col gap-1 text-sm">
            {owned.map((o) => (
              <li key={`${o.kind}/${o.name}`} className="font-mono text-xs">
                {o.kind}/{o.name} <span className="text-muted-foreground">{o.created ? <RelativeTime iso={o.created} /> : null}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="flex flex-col gap-2">
        <h3 className="text-sm font-medium">Events</h3>
        {events.length === 0 ? (
          <p className="text-sm text-muted-foreground">No events.</p>
        ) : (
          <div className="rounded-lg border">
            <Table aria-label="Events">
              <TableHeader>
                <TableRow>
                  <TableHead>Type</TableHead>
                  <TableHead>Reason</TableHead>
                  <TableHead>Message</TableHead>
                  <TableHead>Count</TableHead>
                  <TableHead>Last seen</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {events.map((e, i) => (
                  <TableRow key={e.uid ?? i}>
                    <TableCell className={cn("text-xs", e.type === "Warning" && "text-danger")}>{e.type}</TableCell>
                    <TableCell className="font-mono text-xs">{e.reason}</TableCell>
                    <TableCell className="text-xs">{e.message}</TableCell>
                    <TableCell className="text-xs">{e.count}</TableCell>
                    <TableCell className="text-xs">
                      <RelativeTime iso={e.time} />
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </div>
        )}
      </section>
    </div>
  );
}
