"use client";

import { useEffect, useMemo, useRef, useState } from "react";
import type { OverviewData } from "../../types/overview";
import type { SessionFact } from "../session/overview";
import { formatPositions, parsePositions } from "../http/stream-positions";
import { fetchJson } from "./fetch-json";
import type { StreamState } from "./use-session-watch";

type Facts = Map<string, SessionFact>;

function index(facts: SessionFact[]): Facts {
  return new Map(facts.map((f) => [`${f.project}/${f.name}`, f]));
}

/**
 * The overview's facts, kept live: one SSE stream for all projects folds changes into a map; a reset
 * (history expired) re-reads the whole overview.
 */
export function useOverviewFacts(initial: OverviewData): { facts: Facts; data: OverviewData; state: StreamState } {
  const [data, setData] = useState(initial);
  const [facts, setFacts] = useState<Facts>(() => index(initial.facts));
  const [state, setState] = useState<StreamState>("connecting");
  const positions = useRef(initial.versions);

  useEffect(() => {
    let source: EventSource | undefined;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let attempts = 0;
    let closed = false;
    let refetching = false;

    const connect = () => {
      if (closed) return;
      const from = formatPositions(positions.current);
      const es = new EventSource(`/api/overview/watch${from ? `?from=${encodeURIComponent(from)}` : ""}`);
      source = es;
      es.addEventListener("state", (e) => {
        const next = (JSON.parse((e as MessageEvent).data) as { state: StreamState }).state;
        if (next === "live") attempts = 0;
        setState(next);
      });
      // A project whose watch was refused (e.g. access revoked): say so rather than show it frozen.
      es.addEventListener("project-error", (e) => {
        const { project, error } = JSON.parse((e as MessageEvent).data) as { project: string; error: { code: number; message: string } };
        setData((d) => ({ ...d, errors: { ...d.errors, [project]: `${error.code}: ${error.message}` } }));
      });
      es.addEventListener("change", (e) => {
        // Kept so that a reconnect made here (not by EventSource itself) resumes every project.
        const id = (e as MessageEvent).lastEventId;
        if (id) positions.current = { ...positions.current, ...parsePositions(id) };
        const { type, fact } = JSON.parse((e as MessageEvent).data) as { type: string; fact: SessionFact };
        setFacts((current) => {
          const key = `${fact.project}/${fact.name}`;
          const held = current.get(key);
          if (held && BigInt(held.resourceVersion) > BigInt(fact.resourceVersion)) return current;
          const next = new Map(current);
          if (type === "DELETED") next.delete(key);
          else next.set(key, fact);
          return next;
        });
      });
      es.addEventListener("reset", () => {
        if (refetching) return;
        refetching = true;
        void fetchJson<OverviewData>("/api/overview")
          .then((fresh) => {
            positions.current = fresh.versions;
            setData(fresh);
            setFacts(index(fresh.facts));
          })
          .finally(() => {
            refetching = false;
          });
      });
      es.onerror = () => {
        if (closed) return;
        setState("reconnecting");
        // EventSource retries by itself unless the server refused outright (CLOSED): back off here then.
        if (es.readyState === EventSource.CLOSED) {
          attempts++;
          retry = setTimeout(connect, Math.min(10_000, 500 * 2 ** Math.min(attempts, 5)));
        }
      };
    };

    connect();
    return () => {
      closed = true;
      if (retry) clearTimeout(retry);
      source?.close();
    };
  }, []);

  return useMemo(() => ({ facts, data, state }), [facts, data, state]);
}

/** Current time, ticking so that ages and thresholds move without events. */
export function useNow(intervalMs = 15_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(t);
  }, [intervalMs]);
  return now;
}
