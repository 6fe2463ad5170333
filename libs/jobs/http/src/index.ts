export { JobsHttpModule } from './jobs-http.module.js';
export { DATA_PLANE_PATH_PREFIX, planeOf, type Plane } from './planes.js';
export {
  collapseEndpointSlashes,
  configureFastify,
  createJobsFastifyAdapter,
  MAX_REQUEST_BODY_BYTES,
} from './fastify/configure-fastify.js';
export { parseJsonBody } from './fastify/json-body.js';
export { DEFAULT_HTTP_TIMEOUTS, slowClientOptions, type HttpTimeouts } from './fastify/timeouts.js';
export { findUnstorableText, isStorableText, UNSTORABLE_TEXT_CONSTRAINT, type UnstorableText } from '#jobs/wire';
export { AwsError, awsStatusOf, InvalidRequestError, type AwsErrorName } from './errors/aws-error.js';
export { AwsExceptionFilter, sendAwsError } from './errors/aws-exception.filter.js';
export { explainUnroutable, hasEmptyPathLabel } from './errors/empty-path-label.js';
export { isDatabaseUnavailableError } from './errors/database-unavailable.js';
export { REQUEST_ID_HEADER, ensureRequestId } from './errors/request-id.js';
export { toAwsErrorResponse, type AwsErrorResponse } from './errors/to-aws-error.js';
export { RequestAuthGuard } from './auth/request-auth.guard.js';
export { principalOf } from './auth/principal.js';
export { rawBodyOf } from './auth/raw-body.js';
export { actorFromAuthorization, ANONYMOUS_ACTOR, Actor } from './controllers/actor.js';
export { JobsController } from './controllers/jobs.controller.js';
export { ThingExecutionsController } from './controllers/thing-executions.controller.js';
export { DeviceJobsController } from './controllers/device-jobs.controller.js';
export { ThingsController } from './controllers/things.controller.js';
export { ThingGroupsController } from './controllers/thing-groups.controller.js';
export { JobTemplatesController } from './controllers/job-templates.controller.js';
export { ManagedJobTemplatesController } from './controllers/managed-job-templates.controller.js';
export * from './validation/control-plane.schemas.js';
export * from './validation/data-plane.schemas.js';
export * from './validation/registry.schemas.js';
export { parseOrThrow, validationMessage } from './validation/issues.js';
export { DEFAULT_MAX_RESULTS, requestSchema } from './validation/request-schema.js';
export * from './wire/control-plane.mappers.js';
export * from './wire/data-plane.mappers.js';
export {
  decodeNameToken,
  decodeNextToken,
  encodeNameToken,
  encodeNextToken,
  isPosition,
  nameTokenMember,
  nextTokenMember,
} from './wire/next-token.js';
export { compact, epochSecondsWithFraction, secondsBeforeTimedOut, wholeEpochSeconds } from './wire/compact.js';
export { TagsController } from './controllers/tags.controller.js';
