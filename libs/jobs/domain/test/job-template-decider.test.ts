import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { jobTemplateDecider, jobTemplateIdOfArn, type JobTemplateCommand, type JobTemplateEvent } from '#jobs/domain';
import { deciderSpec } from './support/decider-spec.js';

const spec = deciderSpec(jobTemplateDecider);
const T0 = new Date('2026-01-01T00:00:00.000Z');
const T1 = new Date('2026-01-01T01:00:00.000Z');
const actor = 'admin';

type CreateData = Extract<JobTemplateCommand, { type: 'CreateJobTemplate' }>['data'];
const createData: CreateData = { jobTemplateId: 'tpl-1', description: 'firmware', document: '{"op":"x"}', actor, now: T0 };
const createWith = (data: Partial<CreateData>): JobTemplateCommand => ({ type: 'CreateJobTemplate', data: { ...createData, ...data } });
const remove: JobTemplateCommand = { type: 'DeleteJobTemplate', data: { jobTemplateId: 'tpl-1', actor, now: T1 } };
const created: JobTemplateEvent = {
  type: 'JobTemplateCreated',
  data: { jobTemplateId: 'tpl-1', at: T0.toISOString(), actor, description: 'firmware', document: '{"op":"x"}' },
};
const deleted: JobTemplateEvent = { type: 'JobTemplateDeleted', data: { jobTemplateId: 'tpl-1', at: T1.toISOString(), actor } };

describe('CreateJobTemplate', () => {
  it('records the description, document and the configurations given', () => {
    const abortConfig = {
      criteriaList: [{ failureType: 'ALL' as const, action: 'CANCEL' as const, thresholdPercentage: 50, minNumberOfExecutedThings: 2 }],
    };
    spec
      .given([])
      .when(createWith({ timeoutConfig: { inProgressTimeoutInMinutes: 5 }, abortConfig, copiedFromJobId: 'job-1' }))
      .then([{ ...created, data: { ...created.data, timeoutConfig: { inProgressTimeoutInMinutes: 5 }, abortConfig, copiedFromJobId: 'job-1' } }]);
  });

  it('a taken id is Conflict naming the id, until the template is deleted', () => {
    const error = spec.given([created]).when(createWith({})).thenThrows('Conflict');
    assert.equal(error.details['resourceId'], 'tpl-1');
    spec.given([created, deleted]).when(createWith({})).then([created]);
  });

  it('refuses no document and configurations the domain rules refuse', () => {
    spec
      .given([])
      .when(createWith({ document: undefined }))
      .thenThrows('InvalidRequest');
    spec
      .given([])
      .when(createWith({ timeoutConfig: { inProgressTimeoutInMinutes: 0 } }))
      .thenThrows('InvalidRequest');
    spec
      .given([])
      .when(
        createWith({
          jobExecutionsRetryConfig: {
            criteriaList: [
              { failureType: 'FAILED', numberOfRetries: 6 },
              { failureType: 'ALL', numberOfRetries: 5 },
            ],
          },
        }),
      )
      .thenThrows('InvalidRequest');
  });

  it('evolves to a template with its creation time', () => {
    const state = [created].reduce(jobTemplateDecider.evolve, jobTemplateDecider.initialState());
    assert.deepEqual(state.template, { jobTemplateId: 'tpl-1', description: 'firmware', document: '{"op":"x"}', createdAt: T0 });
  });
});

describe('DeleteJobTemplate', () => {
  it('deletes an existing template; a missing or deleted one is ResourceNotFound', () => {
    spec.given([created]).when(remove).then([deleted]);
    spec.given([]).when(remove).thenThrows('ResourceNotFound');
    spec.given([created, deleted]).when(remove).thenThrows('ResourceNotFound');
  });
});

describe('job template ARNs', () => {
  it('reads the id of a well-formed ARN and refuses anything else', () => {
    assert.equal(jobTemplateIdOfArn('arn:aws:iot:us-east-1:123456789012:jobtemplate/tpl-1'), 'tpl-1');
    assert.equal(jobTemplateIdOfArn('arn:aws-cn:iot:cn-north-1:123456789012:jobtemplate/a_b'), 'a_b');
    for (const bad of [
      'tpl-1',
      'arn:aws:iot:us-east-1:123456789012:job/tpl-1',
      'arn:aws:iot:us-east-1:12345:jobtemplate/t',
      'arn:aws:iot:us-east-1:123456789012:jobtemplate/a/b',
    ]) {
      assert.throws(
        () => jobTemplateIdOfArn(bad),
        (error: Error & { code?: string }) => error.code === 'InvalidRequest',
        bad,
      );
    }
  });
});
