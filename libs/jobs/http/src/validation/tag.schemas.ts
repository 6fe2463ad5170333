import { z } from 'zod';
import { awsString } from './fields.js';
import { requestSchema } from './request-schema.js';

/**
 * Request schemas of TagResource, UntagResource and ListTagsForResource, and the `tags` member of
 * CreateJob, CreateJobTemplate and CreateThingGroup. Only the types are checked here: the tag rules (key syntax and
 * length, value length, the reserved `aws:` prefix, 50 per resource) are the domain's, so every
 * way of tagging answers the same. A missing Value is the empty value; null is refused.
 */
const tag = z
  .strictObject({ Key: z.string({ error: 'Member must be a string' }), Value: z.string({ error: 'Member must be a string' }).optional() })
  .transform(({ Key, Value }) => ({ key: Key, value: Value ?? '' }));

export const tags = z.array(tag, { error: 'Member must be a list of {Key, Value}' });

/** The resource's ARN is parsed by the use case: a job or template ARN of this account and region. */
const resourceArn = awsString({ min: 1, max: 2048 });

export const tagResourceRequest = requestSchema({ params: {}, query: {}, body: { resourceArn, tags } });

export const untagResourceRequest = requestSchema({
  params: {},
  query: {},
  body: { resourceArn, tagKeys: z.array(z.string({ error: 'Member must be a string' }), { error: 'Member must be a list of strings' }) },
});

/** nextToken is accepted and ignored: every tag fits in the one page (at most 50). */
export const listTagsForResourceRequest = requestSchema({
  params: {},
  query: { resourceArn, nextToken: awsString({ max: 4096 }).optional() },
  body: {},
});
