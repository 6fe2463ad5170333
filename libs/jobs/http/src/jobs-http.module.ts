import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { DeviceJobsController } from './controllers/device-jobs.controller.js';
import { JobsController } from './controllers/jobs.controller.js';
import { ThingExecutionsController } from './controllers/thing-executions.controller.js';
import { AwsExceptionFilter } from './errors/aws-exception.filter.js';

/**
 * The AWS restJson1 edge of both planes. Importing it is all an app module does; the command and
 * query handlers come from wherever the app registers them. The filter is global so that it also
 * answers unknown routes and body-parser failures, which happen outside any controller.
 */
@Module({
  imports: [CqrsModule],
  controllers: [JobsController, ThingExecutionsController, DeviceJobsController],
  providers: [{ provide: APP_FILTER, useClass: AwsExceptionFilter }],
})
export class JobsHttpModule {}
