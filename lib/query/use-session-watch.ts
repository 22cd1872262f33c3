"use client";

import { useQueryClient, type InfiniteData } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import type { AgenticSession } from "../../types/agentic-session";
import { applyToDetail, applyWatchEvent, type ListPage, type WatchEventType } from "./apply-watch-event";
import { sessionKeys, type SessionListFilters } from "./session-keys";
import { clientSessionFilter } from "./session-filter";

export type StreamState = "connecting" | "live" | "reconnecting" | "offline";

interface ChangeEvent {
  type: WatchEventType;
  object: AgenticSession;
}

/**
 * Subscribes to the project's session stream (SSE) and writes every change into the React Query
 * cache: all list queries of the project (each with its own filter) and the detail queries.
 * Returns the stream's state for the live indicator.
 */
export function useSessionWatch(project: string, fromResourceVersion: string | undefined): { state: StreamState; error?: string } {
  const queryClient = useQueryClient();
  const [state, setState] = useState<StreamState>("connecting");
  const [error, setError] = useState<string>();
  const lastId = useRef(fromResourceVersion);

  useEffect(() => {
    let source: EventSource | undefined;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    let attempts = 0;
    let closed = false;

    const applyChange = ({ type, object }: ChangeEvent) => {
      const lists = queryClient.getQueriesData<InfiniteData<ListPage>>({ queryKey: sessionKeys.lists(project) });
      for (const [key, data] of lists) {
        if (!data) continue;
        const filters = (key[3] ?? {}) as SessionListFilters;
        const pages = applyWatchEvent(data.pages, type, object, clientSessionFilter(filters));
        if (pages !== data.pages) queryClient.setQueryData<InfiniteData<ListPage>>(key, { ...data, pages });
      }
      const name = object.metadata.name;
      if (name) {
        queryClient.setQueryData<AgenticSession | null>(sessionKeys.detail(project, name), (current) => {
          const next = applyToDetail(current ?? undefined, type, object);
          return next === undefined ? current : next;
        });
      }
    };

    const connect = () => {
      if (closed) return;
      const qs = lastId.current ? `?resourceVersion=${encodeURIComponent(lastId.current)}` : "";
      source = new EventSource(`/api/projects/${encodeURIComponent(project)}/sessions/watch${qs}`);
      const remember = (e: MessageEvent) => {
        if (e.lastEventId) lastId.current = e.lastEventId;
      };
      source.addEventListener("state", (e) => {
        const { state: s } = JSON.parse((e as MessageEvent).data) as { state: string };
        if (s === "live") {
          attempts = 0;
          setState("live");
          setError(undefined);
        } else if (s === "reconnecting") setState("reconnecting");
      });
      source.addEventListener("change", (e) => {
        remember(e as MessageEvent);
        applyChange(JSON.parse((e as MessageEvent).data) as ChangeEvent);
      });
      source.addEventListener("progress", (e) => remember(e as MessageEvent));
      source.addEventListener("reset", (e) => {
        remember(e as MessageEvent);
        // The server's history no longer reaches our copy: re-read what is shown.
        void queryClient.invalidateQueries({ queryKey: sessionKeys.project(project) });
      });
      source.addEventListener("fatal", (e) => {
        const body = JSON.parse((e as MessageEvent).data) as { error: { code: number; message: string } };
        closed = true;
        source?.close();
        setState("offline");
        setError(`${body.error.code}: ${body.error.message}`);
      });
      source.onerror = () => {
        if (closed) return;
        setState("reconnecting");
        // EventSource retries by itself while the connection can be re-made; a refused one is CLOSED.
        if (source?.readyState === EventSource.CLOSED) {
          attempts++;
          retryTimer = setTimeout(connect, Math.min(10_000, 500 * 2 ** Math.min(attempts, 5)));
        }
      };
    };

    connect();
    return () => {
      closed = true;
      if (retryTimer) clearTimeout(retryTimer);
      source?.close();
    };
  }, [project, queryClient]);

  return { state, error };
}
