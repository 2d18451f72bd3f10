// Every TypeORM entity of the system schema, registered in one list.
import { SettingEntity } from './setting.entity.js';
import { WorkerHeartbeatEntity } from './worker-heartbeat.entity.js';

export { SettingEntity, WorkerHeartbeatEntity };
export const systemEntities = [SettingEntity, WorkerHeartbeatEntity];
