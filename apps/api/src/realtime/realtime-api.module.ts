// The HTTP side of realtime: the SSE stream and connection management (the WebSocket route is
// registered on Fastify directly, see ws-route.ts).

import { Module } from '@nestjs/common';
import { AuthModule } from '@stagecraft/auth';
import { RealtimeModule } from '@stagecraft/realtime';
import { RealtimeCaller } from './realtime-caller.js';
import { RealtimeController } from './realtime.controller.js';

@Module({
  imports: [AuthModule, RealtimeModule],
  providers: [RealtimeCaller],
  controllers: [RealtimeController],
  exports: [RealtimeModule, RealtimeCaller],
})
export class RealtimeApiModule {}
