import { Command } from '@nestjs/cqrs';
import type { JobSummaryResult } from '../../views.js';

export class AssociateTargetsWithJobCommand extends Command<JobSummaryResult> {
  constructor(readonly input: { jobId: string; targets: string[]; comment?: string; actor: string }) {
    super();
  }
}
