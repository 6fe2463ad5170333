import type { JobTemplateView } from '#jobs/application';
import { executionConfigsToWire, windowToWire } from './control-plane.mappers.js';
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
    ...executionConfigsToWire(view),
    maintenanceWindows: view.maintenanceWindows?.map(windowToWire),
  });
}
