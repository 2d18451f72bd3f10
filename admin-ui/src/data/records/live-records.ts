// Live updates of a collection's records: a realtime stream (server-sent events, opened with a
// single-use ticket since EventSource cannot send the token) subscribed to the collection. Each
// change refreshes the lists and counts, and is remembered for a moment so the table can
// highlight it; the latest version seen of each record lets an open form say it is out of date.
// A dropped stream is opened again after a pause, and the lists refreshed for what was missed.
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { api, unwrap } from '../../api';
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
const RECONNECT_MS = 3000;
const REFRESH_DELAY_MS = 150;

interface ChangeData {
  action: LiveAction;
  id: string;
  record?: { version?: number };
}

export function useLiveRecords(collection: string): LiveRecords {
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<LiveStatus>('connecting');
  const [recent, setRecent] = useState<ReadonlyMap<string, LiveAction>>(new Map());
  const [versions, setVersions] = useState<ReadonlyMap<string, number | 'deleted'>>(new Map());
  const refreshTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => {
    let source: EventSource | undefined;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const highlightTimers = new Set<ReturnType<typeof setTimeout>>();

    // Lists and counts only: the record open in a form keeps what the user is editing.
    const refresh = () => {
      clearTimeout(refreshTimer.current);
      refreshTimer.current = setTimeout(() => {
        void queryClient.invalidateQueries({ queryKey: [...recordKeys.collection(collection), 'list'] });
        void queryClient.invalidateQueries({ queryKey: recordKeys.count(collection) });
      }, REFRESH_DELAY_MS);
    };

    const onChange = (change: ChangeData) => {
      refresh();
      const version = change.action === 'delete' ? 'deleted' : change.record?.version;
      if (version !== undefined) setVersions((current) => new Map(current).set(change.id, version));
      if (change.action !== 'create' && change.action !== 'update') return;
      setRecent((current) => new Map(current).set(change.id, change.action));
      const timer = setTimeout(() => {
        highlightTimers.delete(timer);
        setRecent((current) => {
          const next = new Map(current);
          next.delete(change.id);
          return next;
        });
      }, HIGHLIGHT_MS);
      highlightTimers.add(timer);
    };

    const reconnectLater = () => {
      source?.close();
      source = undefined;
      if (stopped) return;
      setStatus('offline');
      retry = setTimeout(() => void open(), RECONNECT_MS);
    };

    const open = async () => {
      try {
        const { ticket } = await unwrap(api.POST('/api/v1/realtime/ticket'));
        if (stopped) return;
        const stream = new EventSource(`/api/v1/realtime?ticket=${encodeURIComponent(ticket)}`);
        source = stream;
        stream.addEventListener('connect', (event) => {
          const { clientId } = JSON.parse((event as MessageEvent<string>).data) as { clientId: string };
          void unwrap(
            api.POST('/api/v1/realtime/{clientId}/subscriptions', {
              params: { path: { clientId } },
              body: { subscriptions: [{ topic: collection, fields: 'id,version' }] },
            }),
          ).then(() => {
            if (stopped) return;
            setStatus('live');
            refresh(); // whatever changed while the stream was down
          }, reconnectLater);
        });
        stream.addEventListener('change', (event) => onChange(JSON.parse((event as MessageEvent<string>).data)));
        stream.addEventListener('close', reconnectLater);
        stream.addEventListener('error', reconnectLater);
      } catch {
        reconnectLater();
      }
    };

    setStatus('connecting');
    void open();
    return () => {
      stopped = true;
      clearTimeout(retry);
      clearTimeout(refreshTimer.current);
      for (const timer of highlightTimers) clearTimeout(timer);
      source?.close();
    };
  }, [collection, queryClient]);

  return { status, recent, versions };
}
