/**
 * What the service does with each member of the AWS model's request and response shapes of the
 * operations it serves. member-coverage.test.ts checks these lists against
 * test/fixtures/aws-model-shapes.json (extracted from the AWS models by scripts/aws-model-shapes.mjs):
 * a member the model has and no list names fails the test until someone decides.
 *
 * - Input members are either honoured, naming the test that shows it, or refused: the edge answers
 *   400 InvalidRequestException "<member> is not supported by this service". Nested members of a
 *   refused structure need no entry; nested members of an honoured one do (`a.b[].c`), and may be
 *   refused one by one (`schedulingConfig.endTime`).
 * - Output members are all produced when the service has them, except those in NEVER_RETURNED.
 *
 * To honour a refused member: add it to the operation's request schema
 * (src/validation/*.schemas.ts), move it from `refused` to `honoured` naming its test, and take it
 * out of the list in libs/jobs/http/README.md.
 */
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

const covered =
  (file: string) =>
  (test: string): CoveringTest => ({ file, test });
const cpWire = covered('libs/jobs/http/test/control-plane.wire.test.ts');
const dpWire = covered('libs/jobs/http/test/data-plane.wire.test.ts');
const timeoutsE2e = covered('apps/jobs-service/test/timeouts-and-retries.e2e.test.ts');
const controlE2e = covered('apps/jobs-service/test/control-plane.e2e.test.ts');
const abortE2e = covered('apps/jobs-service/test/abort.e2e.test.ts');
const updateJobE2e = covered('apps/jobs-service/test/update-job.e2e.test.ts');
const templatesE2e = covered('apps/jobs-service/test/job-templates.e2e.test.ts');

const CREATE_JOB = cpWire('CreateJob passes the validated input and the SigV4 access key id as actor');
const CREATE_JOB_MORE = cpWire('CreateJob forwards description and jobExecutionsRetryConfig');
const IN_PROGRESS_TIMEOUT = timeoutsE2e('times out an IN_PROGRESS execution after its in-progress timeout, bumping the version');
const RETRIES = timeoutsE2e('queues a retry with the next executionNumber after FAILED, as the retry config allows');
const LIST_FILTERS = cpWire('the list operations forward every filter and the page token');
const CANCEL_EXECUTION = cpWire('CancelJobExecution accepts a thing name with ":" and forwards force, expectedVersion, statusDetails');
const DESCRIBE_EXECUTION = cpWire('DescribeJobExecution returns the control-plane execution: Dates, nested detailsMap, thingArn');
const DELETE_EXECUTION = cpWire('DeleteJobExecution parses the executionNumber label as a number');
const START_NEXT = dpWire('StartNextPendingJobExecution (literal $next) forwards the body and returns the device execution');
const DP_DESCRIBE = dpWire('DescribeJobExecution by id includes the document unless told not to');
const DP_DESCRIBE_NEXT = dpWire('DescribeJobExecution with jobId $next (sent as %24next) peeks at the next pending execution');
const UPDATE = dpWire('UpdateJobExecution answers 200 with the execution state it was asked for');
const UPDATE_MORE = dpWire('UpdateJobExecution forwards statusDetails, executionNumber and includeJobDocument');

const ABORT = abortE2e('20 targets, FAILED >= 30 % after 10 completed: CANCELED with JOB_ABORTED, QUEUED canceled, IN_PROGRESS untouched');
const UPDATE_JOB = updateJobE2e(
  'UpdateJob replaces description, timeoutConfig, jobExecutionsRetryConfig and abortConfig; the new timeout applies to executions started afterwards',
);
const rolloutE2e = covered('apps/jobs-service/test/rollout-rate.e2e.test.ts');
const SCHEDULED = covered('apps/jobs-service/test/scheduling.e2e.test.ts')(
  'a job with startTime is SCHEDULED without executions until then, and then IN_PROGRESS with its executions',
);
const scheduledEndE2e = covered('apps/jobs-service/test/scheduled-end.e2e.test.ts');
const END_STOP = scheduledEndE2e(
  'endTime with STOP_ROLLOUT: the paced rollout stops, the executions it has run on, and the SNAPSHOT job is COMPLETED after they end',
);
const END_CANCEL = scheduledEndE2e(
  'endTime with CANCEL: the job is CANCELED with reasonCode SCHEDULED_END, its QUEUED executions CANCELED, the IN_PROGRESS one untouched',
);
const windowsE2e = covered('apps/jobs-service/test/maintenance-windows.e2e.test.ts');
const WINDOWS = windowsE2e(
  '10 direct things, a nightly window at 02:00 for 60 min, 3 a minute: nothing before, paced inside, paused after, resumed the next night',
);
const WINDOWS_INVALID = windowsE2e(
  'a cron that does not parse, a duration out of range and a cron with no occurrence left are 400s naming the member, and nothing is created',
);
const TEMPLATE_WINDOWS = windowsE2e('a template carries maintenanceWindows; a job from it inherits them unless it gives its own');
/** The members of honoured maintenance windows under `prefix` (`schedulingConfig.` or none). */
const windowMembers = (prefix: string, test: CoveringTest): Record<string, CoveringTest> => ({
  [`${prefix}maintenanceWindows`]: test,
  [`${prefix}maintenanceWindows[].startTime`]: test,
  [`${prefix}maintenanceWindows[].durationInMinutes`]: WINDOWS_INVALID,
});
const ROLLOUT_MAX = rolloutE2e('120 targets at maximumPerMinute 30: 30 executions in the first minute, 60 in the second, … in list order');
const ROLLOUT_EXPONENTIAL = rolloutE2e('an exponential rate steps up at multiples of the notified count, capped by maximumPerMinute');
const ROLLOUT_UPDATE = rolloutE2e('UpdateJob raises the rate from the next computation; a bad config is a 400 that changes nothing');

/** The members of an honoured jobExecutionsRolloutConfig: the maximum shown by `max`, the exponential rate by `exponential`. */
const rolloutConfigMembers = (max: CoveringTest, exponential: CoveringTest): Record<string, CoveringTest> => ({
  jobExecutionsRolloutConfig: max,
  'jobExecutionsRolloutConfig.maximumPerMinute': max,
  'jobExecutionsRolloutConfig.exponentialRate': exponential,
  'jobExecutionsRolloutConfig.exponentialRate.baseRatePerMinute': exponential,
  'jobExecutionsRolloutConfig.exponentialRate.incrementFactor': exponential,
  'jobExecutionsRolloutConfig.exponentialRate.rateIncreaseCriteria': exponential,
  'jobExecutionsRolloutConfig.exponentialRate.rateIncreaseCriteria.numberOfNotifiedThings': exponential,
  'jobExecutionsRolloutConfig.exponentialRate.rateIncreaseCriteria.numberOfSucceededThings': exponential,
});
const GET_JOB_DOCUMENT = updateJobE2e('GetJobDocument returns the stored document, with or without beforeSubstitution; an unknown job is 404');

const CREATE_TEMPLATE = templatesE2e(
  'CreateJobTemplate keeps description, document, abortConfig, timeoutConfig and jobExecutionsRetryConfig; a taken jobTemplateId is ConflictException naming it',
);
const COPY_TEMPLATE = templatesE2e(
  'CreateJobTemplate with jobArn copies the job document and configurations, a member given replaces the copied one; an unknown job is 404',
);
const LIST_TEMPLATES = templatesE2e(
  'ListJobTemplates pages in creation order with an opaque nextToken; DeleteJobTemplate removes one and a second delete is 404',
);
const JOB_FROM_TEMPLATE = templatesE2e(
  'CreateJob with jobTemplateArn takes the template document and configurations, a member given replaces one whole, and DescribeJob echoes jobTemplateArn',
);
const MANAGED = templatesE2e('managed templates: this service ships none, so the list is empty and DescribeManagedJobTemplate is 404');

/** The members of an honoured abortConfig, each shown by `test`. */
const abortConfigMembers = (test: CoveringTest): Record<string, CoveringTest> => ({
  abortConfig: test,
  'abortConfig.criteriaList': test,
  'abortConfig.criteriaList[].failureType': test,
  'abortConfig.criteriaList[].action': test,
  'abortConfig.criteriaList[].thresholdPercentage': test,
  'abortConfig.criteriaList[].minNumberOfExecutedThings': test,
});

const tagsE2e = covered('apps/jobs-service/test/tags.e2e.test.ts');
const TAGS_ON_CREATE = tagsE2e("CreateJob and CreateJobTemplate keep their tags; a template's tags are not inherited by its jobs");
const TAG_RESOURCE = tagsE2e('TagResource adds and overwrites, UntagResource removes, ListTagsForResource lists all Key/Value in one page');
const tagMembers = (test: CoveringTest): Record<string, CoveringTest> => ({ tags: test, 'tags[].Key': test, 'tags[].Value': test });

const LATER = {
  parameters: 'document substitution parameters (and so templates) are not implemented yet',
  presignedUrls: 'the service presigns no URLs in job documents',
  documentSource: 'the service fetches no documents from S3: send the document itself',
  namespaces: 'there is one, unnamed namespace: jobs for other namespaces (e.g. AWS IoT FleetWise) are not served',
  packages: 'software package catalogs do not exist here',
  templateRollout: 'templates carry no rollout rate yet: set it on the job created from the template',
  dynamicGroups: 'dynamic thing groups do not exist here: every group is static',
} as const;

const ASSOCIATE_TARGETS = covered('apps/jobs-service/test/group-jobs.e2e.test.ts')(
  'AssociateTargetsWithJob adds a group to a CONTINUOUS job; SNAPSHOT jobs refuse; beyond 100 targets is LimitExceeded',
);

const registryE2e = covered('apps/jobs-service/test/thing-registry.e2e.test.ts');
const THING_CREATE = registryE2e('CreateThing is idempotent for the same configuration and 409 with resourceId/resourceArn for another');
const THING_UPDATE = registryE2e('UpdateThing replaces or merges attributes, checks expectedVersion and removes the type');
const THING_DELETE = registryE2e('DeleteThing of a missing thing is 200; a re-created thing is a new thing');
const THING_LIST = registryE2e('ListThings filters by attribute (exact and prefix) and type, pages by name');
const GROUPS = registryE2e('thing groups: hierarchy, idempotent create, 409, describe, update, delete rules');
const MEMBERSHIP = registryE2e('membership: add/remove by name or ARN, limits, atomic moves, recursive listing with paging');
const REGISTRY_MEMBERS = registryE2e(
  'the other registry members: billing group, merge on create, group attributes and tags, paging, name prefix, expectedVersion on delete',
);
const PAGING = { nextToken: REGISTRY_MEMBERS, maxResults: REGISTRY_MEMBERS };
const groupPropertiesMembers = (test: CoveringTest): Record<string, CoveringTest> => ({
  thingGroupProperties: test,
  'thingGroupProperties.thingGroupDescription': test,
  'thingGroupProperties.attributePayload': test,
  'thingGroupProperties.attributePayload.attributes': test,
  'thingGroupProperties.attributePayload.merge': test,
});
const membershipMembers = { thingGroupName: MEMBERSHIP, thingGroupArn: MEMBERSHIP, thingName: MEMBERSHIP, thingArn: MEMBERSHIP };

/** The thing registry and static thing groups (docs/aws-behaviour.md §13–14). */
const REGISTRY_DECISIONS: Record<string, InputDecisions> = {
  CreateThing: {
    honoured: {
      thingName: THING_CREATE,
      thingTypeName: THING_UPDATE,
      attributePayload: THING_CREATE,
      'attributePayload.attributes': THING_CREATE,
      'attributePayload.merge': REGISTRY_MEMBERS,
      billingGroupName: REGISTRY_MEMBERS,
    },
    refused: {},
  },
  DescribeThing: { honoured: { thingName: THING_CREATE }, refused: {} },
  UpdateThing: {
    honoured: {
      thingName: THING_UPDATE,
      thingTypeName: THING_UPDATE,
      attributePayload: THING_UPDATE,
      'attributePayload.attributes': THING_UPDATE,
      'attributePayload.merge': THING_UPDATE,
      expectedVersion: THING_UPDATE,
      removeThingType: THING_UPDATE,
    },
    refused: {},
  },
  DeleteThing: { honoured: { thingName: THING_DELETE, expectedVersion: THING_DELETE }, refused: {} },
  ListThings: {
    honoured: {
      ...PAGING,
      attributeName: THING_LIST,
      attributeValue: THING_LIST,
      thingTypeName: THING_LIST,
      usePrefixAttributeValue: THING_LIST,
    },
    refused: {},
  },
  ListThingGroupsForThing: { honoured: { thingName: MEMBERSHIP, ...PAGING }, refused: {} },
  CreateThingGroup: {
    honoured: {
      thingGroupName: GROUPS,
      parentGroupName: GROUPS,
      ...groupPropertiesMembers(REGISTRY_MEMBERS),
      tags: REGISTRY_MEMBERS,
      'tags[].Key': REGISTRY_MEMBERS,
      'tags[].Value': REGISTRY_MEMBERS,
    },
    refused: {},
  },
  DescribeThingGroup: { honoured: { thingGroupName: GROUPS }, refused: {} },
  UpdateThingGroup: {
    honoured: { thingGroupName: GROUPS, expectedVersion: GROUPS, ...groupPropertiesMembers(REGISTRY_MEMBERS) },
    refused: {},
  },
  DeleteThingGroup: { honoured: { thingGroupName: GROUPS, expectedVersion: REGISTRY_MEMBERS }, refused: {} },
  ListThingGroups: {
    honoured: { ...PAGING, parentGroup: GROUPS, recursive: GROUPS, namePrefixFilter: REGISTRY_MEMBERS },
    refused: {},
  },
  ListThingsInThingGroup: { honoured: { thingGroupName: MEMBERSHIP, recursive: MEMBERSHIP, ...PAGING }, refused: {} },
  AddThingToThingGroup: { honoured: membershipMembers, refused: { overrideDynamicGroups: LATER.dynamicGroups } },
  RemoveThingFromThingGroup: { honoured: membershipMembers, refused: {} },
  UpdateThingGroupsForThing: {
    honoured: { thingName: MEMBERSHIP, thingGroupsToAdd: MEMBERSHIP, thingGroupsToRemove: MEMBERSHIP },
    refused: { overrideDynamicGroups: LATER.dynamicGroups },
  },
};

export const INPUT_DECISIONS: Record<Plane, Record<string, InputDecisions>> = {
  control: {
    CreateJob: {
      honoured: {
        jobId: CREATE_JOB,
        targets: CREATE_JOB,
        document: CREATE_JOB,
        targetSelection: CREATE_JOB,
        jobTemplateArn: JOB_FROM_TEMPLATE,
        description: CREATE_JOB_MORE,
        timeoutConfig: IN_PROGRESS_TIMEOUT,
        'timeoutConfig.inProgressTimeoutInMinutes': IN_PROGRESS_TIMEOUT,
        jobExecutionsRetryConfig: RETRIES,
        'jobExecutionsRetryConfig.criteriaList': RETRIES,
        'jobExecutionsRetryConfig.criteriaList[].failureType': RETRIES,
        'jobExecutionsRetryConfig.criteriaList[].numberOfRetries': RETRIES,
        ...abortConfigMembers(ABORT),
        ...rolloutConfigMembers(ROLLOUT_MAX, ROLLOUT_EXPONENTIAL),
        ...tagMembers(TAGS_ON_CREATE),
        schedulingConfig: SCHEDULED,
        'schedulingConfig.startTime': SCHEDULED,
        'schedulingConfig.endTime': END_STOP,
        'schedulingConfig.endBehavior': END_CANCEL,
        ...windowMembers('schedulingConfig.', WINDOWS),
      },
      refused: {
        presignedUrlConfig: LATER.presignedUrls,
        documentSource: LATER.documentSource,
        namespaceId: LATER.namespaces,
        documentParameters: LATER.parameters,
        destinationPackageVersions: LATER.packages,
      },
    },
    UpdateJob: {
      honoured: {
        jobId: UPDATE_JOB,
        description: UPDATE_JOB,
        timeoutConfig: UPDATE_JOB,
        'timeoutConfig.inProgressTimeoutInMinutes': UPDATE_JOB,
        jobExecutionsRetryConfig: UPDATE_JOB,
        'jobExecutionsRetryConfig.criteriaList': UPDATE_JOB,
        'jobExecutionsRetryConfig.criteriaList[].failureType': UPDATE_JOB,
        'jobExecutionsRetryConfig.criteriaList[].numberOfRetries': UPDATE_JOB,
        ...abortConfigMembers(UPDATE_JOB),
        ...rolloutConfigMembers(ROLLOUT_UPDATE, ROLLOUT_EXPONENTIAL),
      },
      refused: {
        presignedUrlConfig: LATER.presignedUrls,
        namespaceId: LATER.namespaces,
      },
    },
    CreateJobTemplate: {
      honoured: {
        jobTemplateId: CREATE_TEMPLATE,
        description: CREATE_TEMPLATE,
        document: CREATE_TEMPLATE,
        jobArn: COPY_TEMPLATE,
        timeoutConfig: CREATE_TEMPLATE,
        'timeoutConfig.inProgressTimeoutInMinutes': CREATE_TEMPLATE,
        jobExecutionsRetryConfig: CREATE_TEMPLATE,
        'jobExecutionsRetryConfig.criteriaList': CREATE_TEMPLATE,
        'jobExecutionsRetryConfig.criteriaList[].failureType': CREATE_TEMPLATE,
        'jobExecutionsRetryConfig.criteriaList[].numberOfRetries': CREATE_TEMPLATE,
        ...abortConfigMembers(CREATE_TEMPLATE),
        ...tagMembers(TAGS_ON_CREATE),
        ...windowMembers('', TEMPLATE_WINDOWS),
      },
      refused: {
        documentSource: LATER.documentSource,
        presignedUrlConfig: LATER.presignedUrls,
        jobExecutionsRolloutConfig: LATER.templateRollout,
        destinationPackageVersions: LATER.packages,
      },
    },
    DescribeJobTemplate: { honoured: { jobTemplateId: CREATE_TEMPLATE }, refused: {} },
    ListJobTemplates: { honoured: { maxResults: LIST_TEMPLATES, nextToken: LIST_TEMPLATES }, refused: {} },
    DeleteJobTemplate: { honoured: { jobTemplateId: LIST_TEMPLATES }, refused: {} },
    ListManagedJobTemplates: { honoured: { templateName: MANAGED, maxResults: MANAGED, nextToken: MANAGED }, refused: {} },
    DescribeManagedJobTemplate: { honoured: { templateName: MANAGED, templateVersion: MANAGED }, refused: {} },
    TagResource: { honoured: { resourceArn: TAG_RESOURCE, ...tagMembers(TAG_RESOURCE) }, refused: {} },
    UntagResource: { honoured: { resourceArn: TAG_RESOURCE, tagKeys: TAG_RESOURCE }, refused: {} },
    ListTagsForResource: { honoured: { resourceArn: TAG_RESOURCE, nextToken: TAG_RESOURCE }, refused: {} },
    GetJobDocument: {
      honoured: { jobId: GET_JOB_DOCUMENT, beforeSubstitution: GET_JOB_DOCUMENT },
      refused: {},
    },
    AssociateTargetsWithJob: {
      honoured: { jobId: ASSOCIATE_TARGETS, targets: ASSOCIATE_TARGETS, comment: ASSOCIATE_TARGETS },
      refused: { namespaceId: LATER.namespaces },
    },
    DescribeJob: {
      honoured: { jobId: cpWire('DescribeJob returns Dates for the epoch-second timestamps and no document') },
      refused: { beforeSubstitution: LATER.parameters },
    },
    ListJobs: {
      honoured: {
        status: LIST_FILTERS,
        targetSelection: LIST_FILTERS,
        maxResults: LIST_FILTERS,
        nextToken: LIST_FILTERS,
        thingGroupName: covered('apps/jobs-service/test/group-jobs.e2e.test.ts')(
          'a root target reaches things three levels down; a thing reached twice gets one execution; the rollout finishes',
        ),
        thingGroupId: covered('apps/jobs-service/test/group-jobs.e2e.test.ts')(
          'ListJobs by thingGroupId: the jobs targeting the group directly, each with the id; unknown id 404; name and id of two groups 400',
        ),
      },
      refused: { namespaceId: LATER.namespaces },
    },
    CancelJob: {
      honoured: {
        jobId: cpWire('CancelJob forwards force and the body members'),
        force: cpWire('CancelJob forwards force and the body members'),
        reasonCode: cpWire('CancelJob forwards force and the body members'),
        comment: cpWire('CancelJob forwards force and the body members'),
      },
      refused: {},
    },
    DeleteJob: {
      honoured: {
        jobId: controlE2e('DeleteJob refuses an IN_PROGRESS job without force, then deletes it and its executions'),
        force: controlE2e('DeleteJob refuses an IN_PROGRESS job without force, then deletes it and its executions'),
      },
      refused: { namespaceId: LATER.namespaces },
    },
    CancelJobExecution: {
      honoured: {
        jobId: CANCEL_EXECUTION,
        thingName: CANCEL_EXECUTION,
        force: CANCEL_EXECUTION,
        expectedVersion: CANCEL_EXECUTION,
        statusDetails: CANCEL_EXECUTION,
      },
      refused: {},
    },
    DescribeJobExecution: {
      honoured: { jobId: DESCRIBE_EXECUTION, thingName: DESCRIBE_EXECUTION, executionNumber: DESCRIBE_EXECUTION },
      refused: {},
    },
    DeleteJobExecution: {
      honoured: { jobId: DELETE_EXECUTION, thingName: DELETE_EXECUTION, executionNumber: DELETE_EXECUTION, force: DELETE_EXECUTION },
      refused: { namespaceId: LATER.namespaces },
    },
    ListJobExecutionsForJob: {
      honoured: { jobId: LIST_FILTERS, status: LIST_FILTERS, maxResults: LIST_FILTERS, nextToken: LIST_FILTERS },
      refused: {},
    },
    ListJobExecutionsForThing: {
      honoured: { thingName: LIST_FILTERS, jobId: LIST_FILTERS, status: LIST_FILTERS, maxResults: LIST_FILTERS, nextToken: LIST_FILTERS },
      refused: { namespaceId: LATER.namespaces },
    },
    ...REGISTRY_DECISIONS,
  },
  data: {
    GetPendingJobExecutions: {
      honoured: { thingName: dpWire('GetPendingJobExecutions splits in-progress and queued, with integer epoch seconds') },
      refused: {},
    },
    StartNextPendingJobExecution: {
      honoured: {
        thingName: START_NEXT,
        statusDetails: START_NEXT,
        stepTimeoutInMinutes: timeoutsE2e('times out on the step timer set by the device'),
      },
      refused: {},
    },
    DescribeJobExecution: {
      honoured: {
        thingName: DP_DESCRIBE,
        jobId: DP_DESCRIBE_NEXT,
        includeJobDocument: DP_DESCRIBE_NEXT,
        executionNumber: DP_DESCRIBE,
      },
      refused: {},
    },
    UpdateJobExecution: {
      honoured: {
        jobId: UPDATE,
        thingName: UPDATE,
        status: UPDATE,
        expectedVersion: UPDATE,
        stepTimeoutInMinutes: UPDATE,
        includeJobExecutionState: UPDATE,
        statusDetails: UPDATE_MORE,
        includeJobDocument: UPDATE_MORE,
        executionNumber: UPDATE_MORE,
      },
      refused: {},
    },
  },
};

const REFUSED_BY_CREATE_JOB = 'CreateJob refuses it, so no job has it';
const DYNAMIC_ONLY = 'a member of dynamic thing groups, which do not exist here';

const NO_MANAGED_TEMPLATES = 'the service ships no managed templates: the list is always one empty page';

/** Operations that never answer 200, and why (member-coverage expects their error instead). */
export const NEVER_SUCCEEDS: Record<Plane, Record<string, { status: number; why: string }>> = {
  control: { DescribeManagedJobTemplate: { status: 404, why: 'the service ships no managed templates' } },
  data: {},
};

/**
 * Output members the service never has, and why. Anything else the model lists must appear in the
 * response whenever the service has a value for it.
 */
export const NEVER_RETURNED: Record<Plane, Record<string, Record<string, string>>> = {
  control: {
    DescribeJob: {
      'job.presignedUrlConfig': REFUSED_BY_CREATE_JOB,
      'job.namespaceId': REFUSED_BY_CREATE_JOB,
      'job.documentParameters': REFUSED_BY_CREATE_JOB,
      'job.destinationPackageVersions': REFUSED_BY_CREATE_JOB,
    },
    DescribeThing: { billingGroupName: 'there are no billing groups: CreateThing naming one is ResourceNotFound' },
    DescribeThingGroup: {
      'thingGroupProperties.attributePayload.merge': 'an instruction of the update request, not something a group has',
      indexName: DYNAMIC_ONLY,
      queryString: DYNAMIC_ONLY,
      queryVersion: DYNAMIC_ONLY,
      status: DYNAMIC_ONLY,
    },
    DescribeJobTemplate: {
      documentSource: 'CreateJobTemplate refuses it, so no template has it',
      presignedUrlConfig: 'CreateJobTemplate refuses it, so no template has it',
      jobExecutionsRolloutConfig: 'CreateJobTemplate refuses it, so no template has it',
      destinationPackageVersions: 'CreateJobTemplate refuses it, so no template has it',
    },
    ListTagsForResource: { nextToken: 'every tag of a resource (at most 50) fits in the one page' },
    ListManagedJobTemplates: {
      'managedJobTemplates[].templateArn': NO_MANAGED_TEMPLATES,
      'managedJobTemplates[].templateName': NO_MANAGED_TEMPLATES,
      'managedJobTemplates[].description': NO_MANAGED_TEMPLATES,
      'managedJobTemplates[].environments': NO_MANAGED_TEMPLATES,
      'managedJobTemplates[].templateVersion': NO_MANAGED_TEMPLATES,
      nextToken: NO_MANAGED_TEMPLATES,
    },
    ListJobs: {
      'jobs[].thingGroupId': 'sent only in listings filtered by thingGroupName or thingGroupId (apps/jobs-service/test/group-jobs.e2e.test.ts)',
    },
  },
  data: {},
};
