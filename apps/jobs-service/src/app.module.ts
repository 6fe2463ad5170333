import { Module, type DynamicModule } from '@nestjs/common';
import type pg from 'pg';
import { PostgresEventStore } from '#event-store';
import {
  Clock,
  CronCalendar,
  EventStore,
  ExecutionTimeouts,
  RolloutTimers,
  ScheduledEnds,
  ScheduledStarts,
  JobsApplicationModule,
  JobsReadModel,
  JobWideWorkPace,
  REACTIONS,
  ContinuousJobsReadModel,
  RegistryReadModel,
  RolloutSettings,
  TargetPolicy,
  ServiceIdentity,
  SystemClock,
  type Reaction,
} from '#jobs/application';
import { RequestGate } from '#auth';
import { EventBridgeCronCalendar } from '#jobs/cron';
import { JobsHttpModule } from '#jobs/http';
import {
  EventStoreAdapter,
  PgContinuousJobsReadModel,
  PgJobsReadModel,
  PgRegistryReadModel,
  jobsInlineProjection,
  registryInlineProjection,
} from '#jobs/read-models';
import type { AppConfig } from './config/config.js';
import { ReactionRunner } from './reactions/reaction-runner.js';
import { ServiceSideSweeper } from './service-side-sweeper.js';

/** Cross-cutting pieces the service adds (observability routes, the conflict counter). */
export interface AppModuleExtras {
  imports?: DynamicModule[];
  onAppendConflict?: () => void;
  /** Replaces the system clock (tests that run the service at a chosen instant). */
  clock?: Clock;
}

/** Composition only: which adapter serves which port. No rules live here. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig, pool: pg.Pool, extras: AppModuleExtras = {}): DynamicModule {
    const identity: ServiceIdentity = { region: config.AWS_REGION, accountId: config.AWS_ACCOUNT_ID };
    const store = new PostgresEventStore(pool, { inlineProjections: [jobsInlineProjection, registryInlineProjection] });
    return {
      module: AppModule,
      imports: [
        JobsApplicationModule.register({
          providers: [
            { provide: ServiceIdentity, useValue: identity },
            { provide: EventStore, useValue: new EventStoreAdapter(store, extras.onAppendConflict) },
            { provide: JobsReadModel, useValue: new PgJobsReadModel(pool, identity) },
            { provide: RegistryReadModel, useValue: new PgRegistryReadModel(pool, identity) },
            { provide: ContinuousJobsReadModel, useValue: new PgContinuousJobsReadModel(pool) },
            { provide: TargetPolicy, useValue: { thingTargets: config.THING_TARGETS } },
            { provide: RolloutSettings, useValue: { chunkSize: config.ROLLOUT_CHUNK_SIZE } },
            { provide: Clock, useValue: extras.clock ?? new SystemClock() },
            { provide: CronCalendar, useValue: new EventBridgeCronCalendar() },
            {
              provide: JobWideWorkPace,
              useValue: { executionsPerSecond: config.JOB_WIDE_WORK_EXECUTIONS_PER_SECOND, concurrency: config.JOB_WIDE_WORK_CONCURRENCY },
            },
          ],
        }),
        JobsHttpModule.forRoot({ gate: requestGateFor(config) }),
        ...(extras.imports ?? []),
      ],
      providers: [
        {
          provide: ServiceSideSweeper,
          inject: [ExecutionTimeouts, RolloutTimers, ScheduledStarts, ScheduledEnds],
          useFactory: (timeouts: ExecutionTimeouts, rollouts: RolloutTimers, starts: ScheduledStarts, ends: ScheduledEnds) =>
            new ServiceSideSweeper(timeouts, rollouts, starts, ends, config.TIMEOUT_SWEEP_INTERVAL_MS),
        },
        {
          provide: ReactionRunner,
          inject: [REACTIONS],
          useFactory: (reactions: Reaction[]) =>
            new ReactionRunner(pool, reactions, {
              leaseMs: config.REACTION_LEASE_MS,
              pollIntervalMs: config.REACTION_POLL_INTERVAL_MS,
              minReadIntervalMs: config.REACTION_MIN_READ_INTERVAL_MS,
            }),
        },
      ],
    };
  }
}

/** SigV4 + throttling + authorization for every request, unless explicitly disabled. */
function requestGateFor(config: AppConfig): RequestGate | undefined {
  if (config.AUTH_MODE === 'disabled') return undefined;
  return new RequestGate({
    principals: config.AUTH_PRINCIPALS,
    region: config.AWS_REGION,
    throttle: { ratePerSecond: config.THROTTLE_RATE_PER_SECOND, burst: config.THROTTLE_BURST },
  });
}
