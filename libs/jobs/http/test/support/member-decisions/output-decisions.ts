import type { Plane } from './covering-tests.js';

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
