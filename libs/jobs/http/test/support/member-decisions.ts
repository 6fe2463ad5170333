/**
 * What the service does with each member of the AWS model's request and response shapes of the
 * operations it serves. member-coverage.test.ts checks these lists against
 * test/fixtures/aws-model-shapes.json (extracted from the AWS models by scripts/aws-model-shapes.mjs):
 * a member the model has and no list names fails the test until someone decides.
 *
 * - Input members are either honoured, naming the test that shows it, or refused: the edge answers
 *   400 InvalidRequestException "<member> is not supported by this service". Nested members of a
 *   refused structure need no entry; nested members of an honoured one do (`a.b[].c`), and may be
 *   refused one by one (`schedulingConfig.endTime`).
 * - Output members are all produced when the service has them, except those in NEVER_RETURNED.
 *
 * To honour a refused member: add it to the operation's request schema
 * (src/validation/*.schemas.ts), move it from `refused` to `honoured` naming its test, and take it
 * out of the list in libs/jobs/http/README.md.
 */
export type { CoveringTest, InputDecisions, Plane } from './member-decisions/covering-tests.js';
export { INPUT_DECISIONS } from './member-decisions/input-decisions.js';
export { NEVER_RETURNED, NEVER_SUCCEEDS } from './member-decisions/output-decisions.js';
