"use client";

import { useEffect, useMemo, useRef, useState } from "react";
import type { OverviewData } from "../../types/overview";
import type { SessionFact } from "../session/overview";
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
    const from = Object.entries(positions.current)
      .map(([p, rv]) => `${p}:${rv}`)
      .join(",");
    const source = new EventSource(`/api/overview/watch${from ? `?from=${encodeURIComponent(from)}` : ""}`);
    let refetching = false;
    source.addEventListener("state", (e) => setState((JSON.parse((e as MessageEvent).data) as { state: StreamState }).state));
    source.addEventListener("change", (e) => {
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
    source.addEventListener("reset", () => {
      if (refetching) return;
      refetching = true;
      void fetchJson<OverviewData>("/api/overview")
        .then((fresh) => {
          setData(fresh);
          setFacts(index(fresh.facts));
        })
        .finally(() => {
          refetching = false;
        });
    });
    source.onerror = () => setState("reconnecting");
    return () => source.close();
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
