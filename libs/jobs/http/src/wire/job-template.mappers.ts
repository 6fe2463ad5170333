import type { JobTemplateView } from '#jobs/application';
import { windowToWire } from './control-plane.mappers.js';
import { compact, epochSecondsWithFraction as seconds } from './compact.js';

/** ListJobTemplates' `jobTemplates[]`. */
export function toCpJobTemplateSummary(view: JobTemplateView): Record<string, unknown> {
  return {
    jobTemplateArn: view.jobTemplateArn,
    jobTemplateId: view.jobTemplateId,
    description: view.description,
    createdAt: seconds(view.createdAt),
  };
}

/** DescribeJobTemplate's answer: the summary, the document and the configurations the template has. */
export function toCpDescribeJobTemplateResponse(view: JobTemplateView): Record<string, unknown> {
  return compact({
    ...toCpJobTemplateSummary(view),
    document: view.document,
    timeoutConfig: view.timeoutConfig && compact({ ...view.timeoutConfig }),
    jobExecutionsRetryConfig: view.jobExecutionsRetryConfig && {
      criteriaList: view.jobExecutionsRetryConfig.criteriaList.map(({ failureType, numberOfRetries }) => ({ failureType, numberOfRetries })),
    },
    abortConfig: view.abortConfig && {
      criteriaList: view.abortConfig.criteriaList.map(({ failureType, action, thresholdPercentage, minNumberOfExecutedThings }) => ({
        failureType,
        action,
        thresholdPercentage,
        minNumberOfExecutedThings,
      })),
    },
    maintenanceWindows: view.maintenanceWindows?.map(windowToWire),
  });
}
