// Queue names and the BullMQ wiring shared by producers and the worker.
export { QueueName, allQueues } from './queue-name.js';
export { QueuesModule } from './queues.module.js';
