import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import type { RequestGate } from '#auth';
import { CqrsModule } from '@nestjs/cqrs';
import { RequestAuthGuard } from './auth/request-auth.guard.js';
import { DeviceJobsController } from './controllers/device-jobs.controller.js';
import { JobTemplatesController } from './controllers/job-templates.controller.js';
import { JobsController } from './controllers/jobs.controller.js';
import { ManagedJobTemplatesController } from './controllers/managed-job-templates.controller.js';
import { ThingExecutionsController } from './controllers/thing-executions.controller.js';
import { ThingGroupsController } from './controllers/thing-groups.controller.js';
import { ThingsController } from './controllers/things.controller.js';
import { TagsController } from './controllers/tags.controller.js';
import { AwsExceptionFilter } from './errors/aws-exception.filter.js';

const AWS_API_CONTROLLERS = [
  JobsController,
  JobTemplatesController,
  ManagedJobTemplatesController,
  ThingExecutionsController,
  ThingsController,
  ThingGroupsController,
  TagsController,
  DeviceJobsController,
];

/**
 * The AWS restJson1 edge of both planes. Importing it is all an app module does; the command and
 * query handlers come from wherever the app registers them. The filter is global so that it also
 * answers unknown routes and body-parser failures, which happen outside any controller.
 */
@Module({
  imports: [CqrsModule],
  controllers: AWS_API_CONTROLLERS,
  providers: [{ provide: APP_FILTER, useClass: AwsExceptionFilter }],
})
export class JobsHttpModule {
  /**
   * The edge with every request passing the gate (SigV4, throttling, authorization) first.
   * Importing the bare class leaves requests unauthenticated (wire tests, AUTH_MODE=disabled).
   */
  static forRoot(options: { gate?: RequestGate }): DynamicModule {
    const { gate } = options;
    return {
      module: JobsHttpModule,
      providers: gate ? [{ provide: APP_GUARD, useFactory: () => new RequestAuthGuard(gate, new Set(AWS_API_CONTROLLERS)) }] : [],
    };
  }
}
