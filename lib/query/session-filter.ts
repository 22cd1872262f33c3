import type { AgenticSession } from "../../types/agentic-session";
import { sessionFilter } from "../session/filters";
import type { SessionListFilters } from "./session-keys";

/** The same filter the list route applies on the server, for folding watch events into a list. */
export function clientSessionFilter(filters: SessionListFilters): (s: AgenticSession) => boolean {
  return sessionFilter({ phase: filters.phase, q: filters.q });
}
