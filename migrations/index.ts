// The ordered list of system-table migrations. User collections are never migrated here:
// the schema engine creates and alters their tables.
import { SystemFoundation1764000000000 } from './1764000000000-system-foundation.js';
import { Identity1764000000001 } from './1764000000001-identity.js';
import { CollectionsMetadata1764000000002 } from './1764000000002-collections-metadata.js';
import { EventsAndJobs1764000000003 } from './1764000000003-events-and-jobs.js';
import { OutboxWakeupAfterCommit1764000000004 } from './1764000000004-outbox-wakeup-after-commit.js';
import { EventBacklogIndex1764000000005 } from './1764000000005-event-backlog-index.js';
import { DeliveryAttemptBeforeSend1764000000006 } from './1764000000006-delivery-attempt-before-send.js';
import { OutboxFeedPosition1764000000007 } from './1764000000007-outbox-feed-position.js';
import { StoredFiles1764000000008 } from './1764000000008-stored-files.js';
import { SignInMethods1764000000009 } from './1764000000009-sign-in-methods.js';
import { CollectionCache1764000000010 } from './1764000000010-collection-cache.js';
import { Functions1764000000011 } from './1764000000011-functions.js';
import { FunctionTriggers1764000000012 } from './1764000000012-function-triggers.js';

export const systemMigrations = [
  SystemFoundation1764000000000,
  Identity1764000000001,
  CollectionsMetadata1764000000002,
  EventsAndJobs1764000000003,
  OutboxWakeupAfterCommit1764000000004,
  EventBacklogIndex1764000000005,
  DeliveryAttemptBeforeSend1764000000006,
  OutboxFeedPosition1764000000007,
  StoredFiles1764000000008,
  SignInMethods1764000000009,
  CollectionCache1764000000010,
  Functions1764000000011,
  FunctionTriggers1764000000012,
];
