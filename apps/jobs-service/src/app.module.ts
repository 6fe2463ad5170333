import { Module, type DynamicModule } from '@nestjs/common';
import type pg from 'pg';
import { PostgresEventStore } from '#event-store';
import { EventStore, ExecutionTimeouts, JobsApplicationModule, JobsReadModel, ServiceIdentity } from '#jobs/application';
import { JobsHttpModule } from '#jobs/http';
import { PgJobsReadModel, jobsInlineProjection } from '#jobs/read-models';
import { EventStoreAdapter } from './adapters/event-store.adapter.js';
import type { AppConfig } from './config/config.js';
import { TimeoutSweeper } from './timeout-sweeper.js';

/** Composition only: which adapter serves which port. No rules live here. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig, pool: pg.Pool): DynamicModule {
    const identity: ServiceIdentity = { region: config.AWS_REGION, accountId: config.AWS_ACCOUNT_ID };
    const store = new PostgresEventStore(pool, { inlineProjections: [jobsInlineProjection] });
    return {
      module: AppModule,
      imports: [
        JobsApplicationModule.register({
          providers: [
            { provide: ServiceIdentity, useValue: identity },
            { provide: EventStore, useValue: new EventStoreAdapter(store) },
            { provide: JobsReadModel, useValue: new PgJobsReadModel(pool, identity) },
          ],
        }),
        JobsHttpModule,
      ],
      providers: [
        {
          provide: TimeoutSweeper,
          inject: [ExecutionTimeouts],
          useFactory: (timeouts: ExecutionTimeouts) => new TimeoutSweeper(timeouts, config.TIMEOUT_SWEEP_INTERVAL_MS),
        },
      ],
    };
  }
}
