import { Command } from '@nestjs/cqrs';
import type { JobSummaryResult } from '../../views.js';

export class CancelJobCommand extends Command<JobSummaryResult> {
  constructor(readonly input: { jobId: string; force: boolean; reasonCode?: string; comment?: string; actor: string }) {
    super();
  }
}
