// Live updates of a collection's records, through @stagecraft/client's realtime subscription
// (it reconnects and resumes by itself). Each change refreshes the lists and counts, and is
// remembered for a moment so the table can highlight it; the latest version seen of each record
// lets an open form say it is out of date. After a reconnect, or a `reset` (changes missed beyond
// replay), the lists are refreshed for what was missed.
import type { ConnectionState, RealtimeEvent } from '@stagecraft/client';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { stagecraft } from '../../api';
import { recordKeys } from './keys';

export type LiveStatus = 'connecting' | 'live' | 'offline';
export type LiveAction = 'create' | 'update' | 'delete' | 'leave';

export interface LiveRecords {
  status: LiveStatus;
  /** Records created or changed in the last few seconds, for a highlight. */
  recent: ReadonlyMap<string, LiveAction>;
  /** The latest version seen of each changed record; 'deleted' once deleted. */
  versions: ReadonlyMap<string, number | 'deleted'>;
}

const HIGHLIGHT_MS = 4000;
const REFRESH_DELAY_MS = 150;

type Change = RealtimeEvent<{ id: string; version: number }>;

export function useLiveRecords(collection: string): LiveRecords {
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<LiveStatus>('connecting');
  const [recent, setRecent] = useState<ReadonlyMap<string, LiveAction>>(new Map());
  const [versions, setVersions] = useState<ReadonlyMap<string, number | 'deleted'>>(new Map());

  useEffect(() => {
    let stopped = false;
    let refreshTimer: ReturnType<typeof setTimeout> | undefined;
    const highlightTimers = new Set<ReturnType<typeof setTimeout>>();

    // Lists and counts only: the record open in a form keeps what the user is editing.
    const refresh = () => {
      clearTimeout(refreshTimer);
      refreshTimer = setTimeout(() => {
        void queryClient.invalidateQueries({ queryKey: [...recordKeys.collection(collection), 'list'] });
        void queryClient.invalidateQueries({ queryKey: recordKeys.count(collection) });
      }, REFRESH_DELAY_MS);
    };

    const highlight = (id: string, action: LiveAction) => {
      setRecent((current) => new Map(current).set(id, action));
      const timer = setTimeout(() => {
        highlightTimers.delete(timer);
        setRecent((current) => {
          const next = new Map(current);
          next.delete(id);
          return next;
        });
      }, HIGHLIGHT_MS);
      highlightTimers.add(timer);
    };

    const onChange = (event: Change) => {
      if (stopped) return;
      if (event.action === 'unsubscribed') return setStatus('offline');
      refresh(); // every other event changes what the lists show
      if (event.action === 'create' || event.action === 'update') {
        setVersions((current) => new Map(current).set(event.id, event.record.version));
        highlight(event.id, event.action);
      } else if (event.action === 'delete') {
        setVersions((current) => new Map(current).set(event.id, 'deleted'));
      }
    };

    // The connection is shared and may be open already; the subscription is live once taken.
    // Opening again after a drop resends it, resuming where it was.
    let taken = false;
    const onState = (state: ConnectionState) => {
      if (stopped || !taken) return;
      setStatus(state === 'open' ? 'live' : 'offline');
      if (state === 'open') refresh(); // whatever changed while it was down
    };

    setStatus('connecting');
    const stopStates = stagecraft.realtime.onState(onState);
    const subscribed = stagecraft.collection(collection).subscribe({ fields: ['id', 'version'] }, onChange);
    subscribed.then(
      () => {
        taken = true;
        if (stopped) return;
        setStatus('live');
        refresh(); // whatever changed between the first fetch and the subscription
      },
      () => {
        if (!stopped) setStatus('offline');
      },
    );

    return () => {
      stopped = true;
      stopStates();
      clearTimeout(refreshTimer);
      for (const timer of highlightTimers) clearTimeout(timer);
      void subscribed.then(
        (subscription) => subscription.unsubscribe(),
        () => undefined,
      );
    };
  }, [collection, queryClient]);

  return { status, recent, versions };
}
