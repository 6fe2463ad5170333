import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DomainError } from '#jobs/domain';
import { JobsReadModel } from '../../ports/jobs-read-model.port.js';
import { GetJobDocumentQuery } from './get-job-document.query.js';

/**
 * The job's document as stored. Presigned-URL placeholders are never replaced here (AWS replaces
 * them only for devices), and this service presigns nothing anyway.
 */
@QueryHandler(GetJobDocumentQuery)
export class GetJobDocumentHandler implements IQueryHandler<GetJobDocumentQuery> {
  constructor(private readonly readModel: JobsReadModel) {}

  async execute({ input }: GetJobDocumentQuery): Promise<{ document?: string }> {
    if (!(await this.readModel.jobExists(input.jobId))) throw new DomainError('ResourceNotFound', `Job ${input.jobId} does not exist`);
    const document = await this.readModel.findJobDocument(input.jobId);
    return document !== undefined ? { document } : {};
  }
}
