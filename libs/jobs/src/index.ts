// Queue names and the BullMQ wiring shared by producers and the worker.
export { QueueName, allQueues } from './queue-name.js';
export { QueuesModule } from './queues.module.js';
export { bullmqErrorListener } from './bullmq-errors.js';
export { STALLED_JOB_OPTIONS } from './stalled-jobs.js';
export { JobsAdminModule } from './jobs-admin.module.js';
export {
  JobsAdminService,
  LISTABLE_JOB_STATES,
  type ListableJobState,
  type JobView,
  type JobPage,
  type JobCounts,
  type QueueSummary,
} from './jobs-admin.service.js';
export { EventBacklogService, BACKLOG_COUNT_CAP, type EventBacklog } from './event-backlog.service.js';
export { firstPendingJobs } from './pending-jobs.js';
