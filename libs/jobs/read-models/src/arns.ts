/**
 * ARNs as AWS writes them. Region and account are the service's configured identity; until that
 * setting exists they are fixed to the values the AWS documentation uses in its examples.
 */
export const ARN_REGION = process.env.AWS_REGION ?? 'us-east-1';
export const ARN_ACCOUNT = process.env.AWS_ACCOUNT_ID ?? '123456789012';

export const jobArn = (jobId: string) => `arn:aws:iot:${ARN_REGION}:${ARN_ACCOUNT}:job/${jobId}`;
