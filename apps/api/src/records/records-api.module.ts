// The HTTP side of records.

import { Module } from '@nestjs/common';
import { RecordsModule } from '@stagecraft/records';
import { RecordsController } from './records.controller.js';

@Module({
  imports: [RecordsModule],
  controllers: [RecordsController],
})
export class RecordsApiModule {}
