import { z } from 'zod';
import { awsString, jsonBoolean, jsonInteger, maxResults, nameNextToken as nextToken, queryBoolean, thingName } from './fields.js';
import { requestSchema } from './request-schema.js';
import { tags } from './tag.schemas.js';

/** Request schemas of the thing registry and thing-group operations (`@aws-sdk/client-iot`). */

const registryName = awsString({ min: 1, max: 128, pattern: '[a-zA-Z0-9:_-]+' });
export const thingGroupName = registryName;
const thingTypeName = registryName;
const attributeName = awsString({ max: 128, pattern: '[a-zA-Z0-9_.,@/:#-]+' });
const attributeValue = awsString({ max: 800, pattern: '[a-zA-Z0-9_.,@/:#=\\[\\]-]*' });

const attributePayload = z.strictObject(
  {
    attributes: z.record(attributeName, attributeValue, { error: 'Member must be a map of strings to strings' }).optional(),
    merge: jsonBoolean.optional(),
  },
  { error: 'Member must be a JSON object' },
);

const expectedVersionInQuery = z
  .string({ error: 'Member must be a single integer' })
  .regex(/^\d{1,16}$/, { error: 'Member must be an integer' })
  .transform(Number);

export const createThingRequest = requestSchema({
  params: { thingName },
  query: {},
  body: {
    thingTypeName: thingTypeName.optional(),
    attributePayload: attributePayload.optional(),
    billingGroupName: registryName.optional(),
  },
});

export const describeThingRequest = requestSchema({ params: { thingName }, query: {}, body: {} });

export const updateThingRequest = requestSchema({
  params: { thingName },
  query: {},
  body: {
    thingTypeName: thingTypeName.optional(),
    attributePayload: attributePayload.optional(),
    expectedVersion: jsonInteger(0).optional(),
    removeThingType: jsonBoolean.optional(),
  },
});

export const deleteThingRequest = requestSchema({
  params: { thingName },
  query: { expectedVersion: expectedVersionInQuery.optional() },
  body: {},
});

export const listThingsRequest = requestSchema({
  params: {},
  query: {
    nextToken: nextToken.optional(),
    maxResults: maxResults.optional(),
    attributeName: attributeName.optional(),
    attributeValue: attributeValue.optional(),
    thingTypeName: thingTypeName.optional(),
    usePrefixAttributeValue: queryBoolean.optional(),
  },
  body: {},
}).refine(({ query }) => (query.attributeName === undefined) === (query.attributeValue === undefined), {
  error: 'attributeName and attributeValue must be given together',
  path: ['query', 'attributeName'],
});

const thingGroupProperties = z.strictObject(
  {
    thingGroupDescription: awsString({ max: 2028, pattern: '[^\\p{C}]*' }).optional(),
    attributePayload: attributePayload.optional(),
  },
  { error: 'Member must be a JSON object' },
);

export const createThingGroupRequest = requestSchema({
  params: { thingGroupName },
  query: {},
  body: {
    parentGroupName: thingGroupName.optional(),
    thingGroupProperties: thingGroupProperties.optional(),
    // The tag rules (syntax, lengths, `aws:`, 50 per group) are the domain's, as for TagResource.
    tags: tags.optional(),
  },
});

export const describeThingGroupRequest = requestSchema({ params: { thingGroupName }, query: {}, body: {} });

export const updateThingGroupRequest = requestSchema({
  params: { thingGroupName },
  query: {},
  body: { thingGroupProperties, expectedVersion: jsonInteger(0).optional() },
});

export const deleteThingGroupRequest = requestSchema({
  params: { thingGroupName },
  query: { expectedVersion: expectedVersionInQuery.optional() },
  body: {},
});

export const listThingGroupsRequest = requestSchema({
  params: {},
  query: {
    nextToken: nextToken.optional(),
    maxResults: maxResults.optional(),
    parentGroup: thingGroupName.optional(),
    namePrefixFilter: thingGroupName.optional(),
    recursive: queryBoolean.optional(),
  },
  body: {},
});

const groupArn = awsString({ max: 2048 });
const thingArnMember = awsString({ max: 2048 });

export const addThingToThingGroupRequest = requestSchema({
  params: {},
  query: {},
  body: {
    thingGroupName: thingGroupName.optional(),
    thingGroupArn: groupArn.optional(),
    thingName: thingName.optional(),
    thingArn: thingArnMember.optional(),
  },
});

export const removeThingFromThingGroupRequest = addThingToThingGroupRequest;

export const updateThingGroupsForThingRequest = requestSchema({
  params: {},
  query: {},
  body: {
    thingName: thingName.optional(),
    thingGroupsToAdd: z.array(thingGroupName).max(10).optional(),
    thingGroupsToRemove: z.array(thingGroupName).max(10).optional(),
  },
});

export const listThingsInThingGroupRequest = requestSchema({
  params: { thingGroupName },
  query: { recursive: queryBoolean.optional(), nextToken: nextToken.optional(), maxResults: maxResults.optional() },
  body: {},
});

export const listThingGroupsForThingRequest = requestSchema({
  params: { thingName },
  query: { nextToken: nextToken.optional(), maxResults: maxResults.optional() },
  body: {},
});
