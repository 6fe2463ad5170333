import { Module, type DynamicModule } from '@nestjs/common';
import type pg from 'pg';
import { HistoryController } from './history.controller.js';
import { HistoryQueries } from './history-queries.js';

@Module({})
export class HistoryModule {
  /** `imports`: the operational routes (health, metrics), composed by history-app.ts. */
  static forRoot(pool: pg.Pool, imports: DynamicModule[] = []): DynamicModule {
    return {
      module: HistoryModule,
      imports,
      controllers: [HistoryController],
      providers: [{ provide: HistoryQueries, useValue: new HistoryQueries(pool) }],
    };
  }
}
