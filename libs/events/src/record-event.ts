// The event every record change becomes: what webhook receivers get as the body (Standard
// Webhooks shape: type, timestamp, data) and functions as their input; and the references to
// events that the relay puts on the `events` queue. The id is the outbox row's event id, so
// every copy of one change carries the same id.

export type RecordAction = 'create' | 'update' | 'delete';
export type RecordEventType = 'record.created' | 'record.updated' | 'record.deleted';

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
 * One relayed event as the relay queues it: its outbox position and what dispatch routes it by.
 * The event itself (the record images) stays in the outbox, where whoever needs it reads it
 * (`readOutboxEvents`), so a batch crosses Redis and the worker as a few bytes per event.
 */
export interface RecordEventRef {
  readonly sequence: number;
  readonly id: string;
  /** The collection's name when relayed. */
  readonly collection: string;
  readonly action: RecordAction;
  /** When the change's transaction began (ISO 8601), as in the event. */
  readonly timestamp: string;
}

/**
 * What the relay adds to the `events` queue: one job per outbox batch, its events in outbox
 * order, job id `events-<first sequence>-<last sequence>`.
 */
export interface RecordEventRefsJob {
  readonly refs: readonly RecordEventRef[];
}

export const RECORD_EVENT_REFS_JOB = 'record-event-refs';

/** A batch carrying whole events, as relays before `record-event-refs` queued them; still consumed. */
export interface RecordEventsJob {
  readonly events: readonly RecordEventJob[];
}

export const RECORD_EVENTS_JOB = 'record-events';

/** One event per job, as relays before batching queued them (job id = event id); still consumed. */
export const RECORD_EVENT_JOB = 'record-event';

/** The events a job of any of the three kinds holds, in order; undefined for a job of another name. */
export function refsOfJob(name: string, data: unknown): readonly RecordEventRef[] | undefined {
  if (name === RECORD_EVENT_REFS_JOB) return (data as RecordEventRefsJob).refs;
  if (name === RECORD_EVENTS_JOB) return (data as RecordEventsJob).events.map(refOf);
  if (name === RECORD_EVENT_JOB) return [refOf(data as RecordEventJob)];
  return undefined;
}

function refOf({ sequence, event }: RecordEventJob): RecordEventRef {
  return {
    sequence,
    id: event.id,
    collection: event.data.collection,
    action: event.data.action,
    timestamp: event.timestamp,
  };
}
