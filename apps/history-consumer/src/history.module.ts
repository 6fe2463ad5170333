import { Module, type DynamicModule } from '@nestjs/common';
import type pg from 'pg';
import { HistoryController } from './history.controller.js';
import { HistoryQueries } from './history-queries.js';

@Module({})
export class HistoryModule {
  static forRoot(pool: pg.Pool): DynamicModule {
    return {
      module: HistoryModule,
      controllers: [HistoryController],
      providers: [{ provide: HistoryQueries, useValue: new HistoryQueries(pool) }],
    };
  }
}
