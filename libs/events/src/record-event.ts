// The event every record change becomes: what the relay puts on the `events` queue and what
// webhook receivers get as the body (Standard Webhooks shape: type, timestamp, data). The id
// is the outbox row's event id, so every copy of one change carries the same id.

export type RecordAction = 'create' | 'update' | 'delete';
export type RecordEventType = 'record.created' | 'record.updated' | 'record.deleted';

export const EVENT_TYPE_BY_ACTION: Readonly<Record<RecordAction, RecordEventType>> = {
  create: 'record.created',
  update: 'record.updated',
  delete: 'record.deleted',
};

export interface RecordEvent {
  /** UUID of the change; the `webhook-id` of every delivery of it. */
  readonly id: string;
  readonly type: RecordEventType;
  /** When the change committed's transaction began (ISO 8601). */
  readonly timestamp: string;
  readonly data: {
    readonly collection: string;
    readonly collection_id: string | null;
    readonly action: RecordAction;
    readonly record_id: string;
    /** `user:<id>`, `api_key:<id>`, `anonymous`, or null when made outside the API. */
    readonly actor: string | null;
    /** The record after the change (create, update); hidden and secret fields left out. */
    readonly record: Record<string, unknown> | null;
    /** The record before the change (update, delete); hidden and secret fields left out. */
    readonly previous: Record<string, unknown> | null;
  };
}

/** One relayed event: its outbox position and the event. */
export interface RecordEventJob {
  /** Outbox position: events of one record are relayed in this order. */
  readonly sequence: number;
  readonly event: RecordEvent;
}

/**
 * What the relay adds to the `events` queue: one job per outbox batch, its events in outbox
 * order, job id `events-<first sequence>-<last sequence>`.
 */
export interface RecordEventsJob {
  readonly events: readonly RecordEventJob[];
}

export const RECORD_EVENTS_JOB = 'record-events';

/** One event per job, as relays before batching queued them (job id = event id); still consumed. */
export const RECORD_EVENT_JOB = 'record-event';

/** The events a job of either kind carries, in order; undefined for a job of another name. */
export function eventsOfJob(name: string, data: unknown): readonly RecordEvent[] | undefined {
  if (name === RECORD_EVENTS_JOB) return (data as RecordEventsJob).events.map((item) => item.event);
  if (name === RECORD_EVENT_JOB) return [(data as RecordEventJob).event];
  return undefined;
}
