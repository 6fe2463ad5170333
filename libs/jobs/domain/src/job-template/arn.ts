import { DomainError } from '../errors.js';

const JOB_TEMPLATE_ARN = /^arn:aws(?:-[a-z]+)*:iot:[a-z0-9-]+:\d{12}:jobtemplate\/([a-zA-Z0-9_-]{1,64})$/;

/**
 * The template id of `arn:aws:iot:<region>:<account>:jobtemplate/<id>`; a malformed ARN is
 * InvalidRequest. Region and account are not compared: one service instance has one of each, and
 * a template id names one template whatever ARN spells it.
 */
export function jobTemplateIdOfArn(arn: string): string {
  const match = JOB_TEMPLATE_ARN.exec(arn);
  if (!match) {
    throw new DomainError('InvalidRequest', `${arn} is not a job template ARN (arn:aws:iot:<region>:<account>:jobtemplate/<id>)`);
  }
  return match[1]!;
}
