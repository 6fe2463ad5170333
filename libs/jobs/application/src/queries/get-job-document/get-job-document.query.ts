import { Query } from '@nestjs/cqrs';

/** GetJobDocument. There are no substitution parameters, so the document is the same before and after substitution. */
export class GetJobDocumentQuery extends Query<{ document?: string }> {
  constructor(readonly input: { jobId: string }) {
    super();
  }
}
