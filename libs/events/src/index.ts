// Record events: the transactional outbox, its relay into BullMQ and the event shape.
export * from './record-event.js';
export { EventsRelayModule } from './events-relay.module.js';
export { RecordEventSinks, type RecordEventSink } from './record-event-sinks.js';
export { RelayedBatch } from './relayed-batch.js';
export { outboxEventsQuery } from './outbox-reader.js';
export { OutboxRelayService } from './outbox-relay.service.js';
export { ChannelListener } from './outbox-listener.js';
export { OutboxWakeup } from './outbox-wakeup.js';
export { OutboxWakeupModule } from './outbox-wakeup.module.js';
export { DataVersions, dataVersionsKey } from './data-versions.js';
export {
  announceFeedItems,
  decodeFeedEntry,
  feedEntryId,
  feedStreamKey,
  numberSentEvents,
  type FeedItem,
} from './feed.js';
