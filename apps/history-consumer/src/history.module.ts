import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import type pg from 'pg';
import type { RequestGate } from '#auth';
import { HISTORY_GATE, HistoryAuthErrorFilter } from './history-auth.js';
import { HistoryController } from './history.controller.js';
import { HistoryQueries } from './history-queries.js';

@Module({})
export class HistoryModule {
  /**
   * `imports`: the operational routes (health, metrics), composed by history-app.ts. `gate`: the
   * SigV4 gate every history read passes; undefined only with AUTH_MODE=disabled.
   */
  static forRoot(pool: pg.Pool, gate: RequestGate | undefined, imports: DynamicModule[] = []): DynamicModule {
    return {
      module: HistoryModule,
      imports,
      controllers: [HistoryController],
      providers: [
        { provide: HistoryQueries, useValue: new HistoryQueries(pool) },
        { provide: HISTORY_GATE, useValue: gate ?? null },
        { provide: APP_FILTER, useClass: HistoryAuthErrorFilter },
      ],
    };
  }
}
