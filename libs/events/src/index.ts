// Record events: the transactional outbox, its relay into BullMQ and the event shape.
export * from './record-event.js';
