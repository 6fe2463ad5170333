// A platform team's first steps against the service, with the official AWS SDK clients and only the
// endpoint overridden. Run it against a running service:
//   JOBS_ENDPOINT=http://127.0.0.1:3000 node examples/quickstart.mjs
import { CancelJobExecutionCommand, CreateJobCommand, CreateThingCommand, DescribeJobExecutionCommand, IoTClient } from '@aws-sdk/client-iot';
import { IoTJobsDataPlaneClient, StartNextPendingJobExecutionCommand, UpdateJobExecutionCommand } from '@aws-sdk/client-iot-jobs-data-plane';

const endpoint = process.env.JOBS_ENDPOINT ?? 'http://127.0.0.1:3000';
const credentials = {
  accessKeyId: process.env.AWS_ACCESS_KEY_ID ?? 'AKIDLOCALDEVELOPER',
  secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY ?? 'local-development-secret-not-for-production',
};
const region = 'us-east-1';

const controlPlane = new IoTClient({ endpoint, region, credentials });
const dataPlane = new IoTJobsDataPlaneClient({ endpoint: `${endpoint}/data-plane`, region, credentials });

const suffix = Date.now().toString(36);
const jobId = `reboot-${suffix}`;
const things = [`sensor-a-${suffix}`, `sensor-b-${suffix}`];

// 1. An operator registers two things and creates a job for them: each gets a QUEUED execution.
for (const thingName of things) await controlPlane.send(new CreateThingCommand({ thingName }));
await controlPlane.send(
  new CreateJobCommand({
    jobId,
    targets: things.map((thing) => `arn:aws:iot:${region}:123456789012:thing/${thing}`),
    document: JSON.stringify({ operation: 'reboot' }),
  }),
);

// 2. The first device starts its execution and reports progress.
const { execution } = await dataPlane.send(new StartNextPendingJobExecutionCommand({ thingName: things[0] }));
console.log(`device ${things[0]} started ${execution.jobId}, document ${execution.jobDocument}`);
await dataPlane.send(new UpdateJobExecutionCommand({ thingName: things[0], jobId, status: 'IN_PROGRESS', statusDetails: { progress: '40%' } }));

// 3. The operator cancels both executions: the QUEUED one plainly, the IN_PROGRESS one with force,
//    pinning the version it last saw so a concurrent change is not overwritten.
await controlPlane.send(new CancelJobExecutionCommand({ thingName: things[1], jobId }));
const current = await controlPlane.send(new DescribeJobExecutionCommand({ thingName: things[0], jobId }));
await controlPlane.send(
  new CancelJobExecutionCommand({
    thingName: things[0],
    jobId,
    force: true,
    expectedVersion: current.execution.versionNumber,
    statusDetails: { reason: 'maintenance window closed' },
  }),
);

for (const thingName of things) {
  const { execution: after } = await controlPlane.send(new DescribeJobExecutionCommand({ thingName, jobId }));
  console.log(`${thingName}: ${after.status} (version ${after.versionNumber}, forceCanceled ${after.forceCanceled})`);
}
controlPlane.destroy();
dataPlane.destroy();
