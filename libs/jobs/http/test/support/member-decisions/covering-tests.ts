/** The tests that show members honoured (named by file and test title), and helpers naming the members of a structure shown by one test. */
export type Plane = 'control' | 'data';

/** A test that sends the member and shows its effect; `file` is relative to the repository root. */
export interface CoveringTest {
  file: string;
  test: string;
}

export interface InputDecisions {
  honoured: Record<string, CoveringTest>;
  /** Member → why it is refused (README lists them); a nested one only inside an honoured structure. */
  refused: Record<string, string>;
}

export const covered =
  (file: string) =>
  (test: string): CoveringTest => ({ file, test });
export const cpWire = covered('libs/jobs/http/test/control-plane.wire.test.ts');
export const dpWire = covered('libs/jobs/http/test/data-plane.wire.test.ts');
export const timeoutsE2e = covered('apps/jobs-service/test/timeouts-and-retries.e2e.test.ts');
export const controlE2e = covered('apps/jobs-service/test/control-plane.e2e.test.ts');
export const abortE2e = covered('apps/jobs-service/test/abort.e2e.test.ts');
export const updateJobE2e = covered('apps/jobs-service/test/update-job.e2e.test.ts');
export const templatesE2e = covered('apps/jobs-service/test/job-templates.e2e.test.ts');

export const CREATE_JOB = cpWire('CreateJob passes the validated input and the SigV4 access key id as actor');
export const CREATE_JOB_MORE = cpWire('CreateJob forwards description and jobExecutionsRetryConfig');
export const IN_PROGRESS_TIMEOUT = timeoutsE2e('times out an IN_PROGRESS execution after its in-progress timeout, bumping the version');
export const RETRIES = timeoutsE2e('queues a retry with the next executionNumber after FAILED, as the retry config allows');
export const LIST_FILTERS = cpWire('the list operations forward every filter and the page token');
export const CANCEL_EXECUTION = cpWire('CancelJobExecution accepts a thing name with ":" and forwards force, expectedVersion, statusDetails');
export const DESCRIBE_EXECUTION = cpWire('DescribeJobExecution returns the control-plane execution: Dates, nested detailsMap, thingArn');
export const DELETE_EXECUTION = cpWire('DeleteJobExecution parses the executionNumber label as a number');
export const START_NEXT = dpWire('StartNextPendingJobExecution (literal $next) forwards the body and returns the device execution');
export const DP_DESCRIBE = dpWire('DescribeJobExecution by id includes the document unless told not to');
export const DP_DESCRIBE_NEXT = dpWire('DescribeJobExecution with jobId $next (sent as %24next) peeks at the next pending execution');
export const UPDATE = dpWire('UpdateJobExecution answers 200 with the execution state it was asked for');
export const UPDATE_MORE = dpWire('UpdateJobExecution forwards statusDetails, executionNumber and includeJobDocument');

export const ABORT = abortE2e('20 targets, FAILED >= 30 % after 10 completed: CANCELED with JOB_ABORTED, QUEUED canceled, IN_PROGRESS untouched');
export const UPDATE_JOB = updateJobE2e(
  'UpdateJob replaces description, timeoutConfig, jobExecutionsRetryConfig and abortConfig; the new timeout applies to executions started afterwards',
);
export const rolloutE2e = covered('apps/jobs-service/test/rollout-rate.e2e.test.ts');
export const SCHEDULED = covered('apps/jobs-service/test/scheduling.e2e.test.ts')(
  'a job with startTime is SCHEDULED without executions until then, and then IN_PROGRESS with its executions',
);
export const scheduledEndE2e = covered('apps/jobs-service/test/scheduled-end.e2e.test.ts');
export const END_STOP = scheduledEndE2e(
  'endTime with STOP_ROLLOUT: the paced rollout stops, the executions it has run on, and the SNAPSHOT job is COMPLETED after they end',
);
export const END_CANCEL = scheduledEndE2e(
  'endTime with CANCEL: the job is CANCELED with reasonCode SCHEDULED_END, its QUEUED executions CANCELED, the IN_PROGRESS one untouched',
);
export const windowsE2e = covered('apps/jobs-service/test/maintenance-windows.e2e.test.ts');
export const WINDOWS = windowsE2e(
  '10 direct things, a nightly window at 02:00 for 60 min, 3 a minute: nothing before, paced inside, paused after, resumed the next night',
);
export const WINDOWS_INVALID = windowsE2e(
  'a cron that does not parse, a duration out of range and a cron with no occurrence left are 400s naming the member, and nothing is created',
);
export const TEMPLATE_WINDOWS = windowsE2e('a template carries maintenanceWindows; a job from it inherits them unless it gives its own');
/** The members of honoured maintenance windows under `prefix` (`schedulingConfig.` or none). */
export const windowMembers = (prefix: string, test: CoveringTest): Record<string, CoveringTest> => ({
  [`${prefix}maintenanceWindows`]: test,
  [`${prefix}maintenanceWindows[].startTime`]: test,
  [`${prefix}maintenanceWindows[].durationInMinutes`]: WINDOWS_INVALID,
});
export const ROLLOUT_MAX = rolloutE2e('120 targets at maximumPerMinute 30: 30 executions in the first minute, 60 in the second, … in list order');
export const ROLLOUT_EXPONENTIAL = rolloutE2e('an exponential rate steps up at multiples of the notified count, capped by maximumPerMinute');
export const ROLLOUT_UPDATE = rolloutE2e('UpdateJob raises the rate from the next computation; a bad config is a 400 that changes nothing');

/** The members of an honoured jobExecutionsRolloutConfig: the maximum shown by `max`, the exponential rate by `exponential`. */
export const rolloutConfigMembers = (max: CoveringTest, exponential: CoveringTest): Record<string, CoveringTest> => ({
  jobExecutionsRolloutConfig: max,
  'jobExecutionsRolloutConfig.maximumPerMinute': max,
  'jobExecutionsRolloutConfig.exponentialRate': exponential,
  'jobExecutionsRolloutConfig.exponentialRate.baseRatePerMinute': exponential,
  'jobExecutionsRolloutConfig.exponentialRate.incrementFactor': exponential,
  'jobExecutionsRolloutConfig.exponentialRate.rateIncreaseCriteria': exponential,
  'jobExecutionsRolloutConfig.exponentialRate.rateIncreaseCriteria.numberOfNotifiedThings': exponential,
  'jobExecutionsRolloutConfig.exponentialRate.rateIncreaseCriteria.numberOfSucceededThings': exponential,
});
export const GET_JOB_DOCUMENT = updateJobE2e('GetJobDocument returns the stored document, with or without beforeSubstitution; an unknown job is 404');

export const CREATE_TEMPLATE = templatesE2e(
  'CreateJobTemplate keeps description, document, abortConfig, timeoutConfig and jobExecutionsRetryConfig; a taken jobTemplateId is ConflictException naming it',
);
export const COPY_TEMPLATE = templatesE2e(
  'CreateJobTemplate with jobArn copies the job document and configurations, a member given replaces the copied one; an unknown job is 404',
);
export const LIST_TEMPLATES = templatesE2e(
  'ListJobTemplates pages in creation order with an opaque nextToken; DeleteJobTemplate removes one and a second delete is 404',
);
export const JOB_FROM_TEMPLATE = templatesE2e(
  'CreateJob with jobTemplateArn takes the template document and configurations, a member given replaces one whole, and DescribeJob echoes jobTemplateArn',
);
export const MANAGED = templatesE2e('managed templates: this service ships none, so the list is empty and DescribeManagedJobTemplate is 404');

/** The members of an honoured abortConfig, each shown by `test`. */
export const abortConfigMembers = (test: CoveringTest): Record<string, CoveringTest> => ({
  abortConfig: test,
  'abortConfig.criteriaList': test,
  'abortConfig.criteriaList[].failureType': test,
  'abortConfig.criteriaList[].action': test,
  'abortConfig.criteriaList[].thresholdPercentage': test,
  'abortConfig.criteriaList[].minNumberOfExecutedThings': test,
});

export const tagsE2e = covered('apps/jobs-service/test/tags.e2e.test.ts');
export const TAGS_ON_CREATE = tagsE2e("CreateJob and CreateJobTemplate keep their tags; a template's tags are not inherited by its jobs");
export const TAG_RESOURCE = tagsE2e('TagResource adds and overwrites, UntagResource removes, ListTagsForResource lists all Key/Value in one page');
export const tagMembers = (test: CoveringTest): Record<string, CoveringTest> => ({ tags: test, 'tags[].Key': test, 'tags[].Value': test });

export const LATER = {
  parameters: 'document substitution parameters (and so templates) are not implemented yet',
  presignedUrls: 'the service presigns no URLs in job documents',
  documentSource: 'the service fetches no documents from S3: send the document itself',
  namespaces: 'there is one, unnamed namespace: jobs for other namespaces (e.g. AWS IoT FleetWise) are not served',
  packages: 'software package catalogs do not exist here',
  templateRollout: 'templates carry no rollout rate yet: set it on the job created from the template',
  dynamicGroups: 'dynamic thing groups do not exist here: every group is static',
} as const;

export const ASSOCIATE_TARGETS = covered('apps/jobs-service/test/group-jobs.e2e.test.ts')(
  'AssociateTargetsWithJob adds a group to a CONTINUOUS job; SNAPSHOT jobs refuse; beyond 100 targets is LimitExceeded',
);

export const registryE2e = covered('apps/jobs-service/test/thing-registry.e2e.test.ts');
export const THING_CREATE = registryE2e('CreateThing is idempotent for the same configuration and 409 with resourceId/resourceArn for another');
export const THING_UPDATE = registryE2e('UpdateThing replaces or merges attributes, checks expectedVersion and removes the type');
export const THING_DELETE = registryE2e('DeleteThing of a missing thing is 200; a re-created thing is a new thing');
export const THING_LIST = registryE2e('ListThings filters by attribute (exact and prefix) and type, pages by name');
export const GROUPS = registryE2e('thing groups: hierarchy, idempotent create, 409, describe, update, delete rules');
export const MEMBERSHIP = registryE2e('membership: add/remove by name or ARN, limits, atomic moves, recursive listing with paging');
export const REGISTRY_MEMBERS = registryE2e(
  'the other registry members: billing group, merge on create, group attributes and tags, paging, name prefix, expectedVersion on delete',
);
export const PAGING = { nextToken: REGISTRY_MEMBERS, maxResults: REGISTRY_MEMBERS };
export const groupPropertiesMembers = (test: CoveringTest): Record<string, CoveringTest> => ({
  thingGroupProperties: test,
  'thingGroupProperties.thingGroupDescription': test,
  'thingGroupProperties.attributePayload': test,
  'thingGroupProperties.attributePayload.attributes': test,
  'thingGroupProperties.attributePayload.merge': test,
});
export const membershipMembers = { thingGroupName: MEMBERSHIP, thingGroupArn: MEMBERSHIP, thingName: MEMBERSHIP, thingArn: MEMBERSHIP };
