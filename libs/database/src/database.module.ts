// The Nest module that opens the system-schema connection pool and, when configured,
// applies pending migrations before anything can use it.

import { type DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { AppConfig } from '@stagecraft/config';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source-options.js';
import { migrateWithLock } from './migrate.js';
import { installTimestamptzParser } from './timestamptz.js';

@Module({})
export class DatabaseModule {
  static forRoot(config: AppConfig, applicationName: string): DynamicModule {
    installTimestamptzParser();
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => dataSourceOptions(config, applicationName),
          dataSourceFactory: async (options) => {
            const dataSource = await new DataSource(options ?? dataSourceOptions(config, applicationName)).initialize();
            if (config.database.migrateOnStart) await migrateWithLock(dataSource);
            return dataSource;
          },
        }),
      ],
    };
  }
}
