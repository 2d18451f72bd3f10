// Every BullMQ queue Stagecraft uses. Processors arrive with the features that need them;
// a queue is named here once so the API's producers and the worker's consumers agree.

export enum QueueName {
  Events = 'events',
  Webhooks = 'webhooks',
  Email = 'email',
  Imports = 'imports',
  Exports = 'exports',
  Maintenance = 'maintenance',
  Files = 'files',
  /** Function runs by record events and schedules. */
  Functions = 'functions',
}

export const allQueues: readonly QueueName[] = Object.values(QueueName);
