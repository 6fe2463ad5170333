import { Controller, Get, Param, Query } from '@nestjs/common';
import { AwsError } from '../errors/aws-error.js';
import { awsString, maxResults, nextToken } from '../validation/fields.js';
import { parseOrThrow } from '../validation/issues.js';
import { requestSchema } from '../validation/request-schema.js';

type Params = Record<string, string>;
type QueryString = Record<string, unknown>;

const templateName = awsString({ min: 1, max: 64, pattern: '[a-zA-Z0-9_-]+' });
const templateVersion = awsString({ min: 1, max: 64, pattern: '[1-9]+.[0-9]+' });

const listRequest = requestSchema({
  params: {},
  query: { templateName: templateName.optional(), maxResults: maxResults.optional(), nextToken: nextToken.optional() },
  body: {},
});
const describeRequest = requestSchema({ params: { templateName }, query: { templateVersion: templateVersion.optional() }, body: {} });

/**
 * AWS-managed templates are AWS's own catalogue: this service ships none (docs/aws-behaviour.md §18).
 * ListManagedJobTemplates answers an empty list and DescribeManagedJobTemplate 404, so a client
 * that looks for one learns that it is not here, the same way it would for an unknown name.
 */
@Controller('managed-job-templates')
export class ManagedJobTemplatesController {
  @Get()
  listManagedJobTemplates(@Query() query: QueryString) {
    parseOrThrow(listRequest, { params: {}, query, body: undefined });
    return { managedJobTemplates: [] };
  }

  @Get(':templateName')
  describeManagedJobTemplate(@Param() params: Params, @Query() query: QueryString) {
    const { params: input } = parseOrThrow(describeRequest, { params, query, body: undefined });
    throw new AwsError('ResourceNotFoundException', `Managed job template ${input.templateName} does not exist: this service ships none`);
  }
}
