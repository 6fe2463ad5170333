// A device written with AWS's IoT Device SDK v2, talking to iot-jobs-service through its MQTT broker.
// It waits for jobs (notify-next), starts each one, "runs" it, and reports SUCCEEDED.
//
//   MQTT_HOST=127.0.0.1 MQTT_PORT=1883 THING_NAME=sensor-a THING_PASSWORD=sensor-a-secret-change-me \
//     node examples/mqtt-device.mjs
//
// With docker compose up, thing `sensor-a` already has a broker user. JOBS_TO_RUN=n stops after n jobs.
import { iotjobs, mqtt5 } from 'aws-iot-device-sdk-v2';

const thingName = process.env.THING_NAME ?? 'sensor-a';
const jobsToRun = Number(process.env.JOBS_TO_RUN ?? Infinity);

const client = new mqtt5.Mqtt5Client({
  hostName: process.env.MQTT_HOST ?? '127.0.0.1',
  port: Number(process.env.MQTT_PORT ?? 1883),
  // No tlsCtx: plain MQTT. No metrics: aws-crt would append "?SDK=..." to the user name.
  disableMetrics: true,
  connectProperties: {
    clientId: `${thingName}-example`,
    keepAliveIntervalSeconds: 30,
    username: thingName, // the broker's ACL lets this user use only $aws/things/<thingName>/jobs/#
    password: Buffer.from(process.env.THING_PASSWORD ?? 'sensor-a-secret-change-me'),
  },
});
const connected = new Promise((resolve, reject) => {
  client.once('connectionSuccess', resolve);
  client.once('connectionFailure', (event) => reject(event.error));
});
client.start();
await connected;
console.log(`${thingName}: connected`);

const jobs = iotjobs.IotJobsClientv2.newFromMqtt5(client, {
  maxRequestResponseSubscriptions: 4,
  maxStreamingSubscriptions: 2,
  operationTimeoutInSeconds: 10,
});
let ran = 0;
let busy = false;

/** Runs pending jobs one after the other until none is left. */
async function runPendingJobs() {
  if (busy) return;
  busy = true;
  try {
    for (;;) {
      const { execution } = await jobs.startNextPendingJobExecution({ thingName, statusDetails: { step: 'starting' } });
      if (!execution) return;
      console.log(`${thingName}: running ${execution.jobId} with document ${JSON.stringify(execution.jobDocument)}`);
      await jobs.updateJobExecution({
        thingName,
        jobId: execution.jobId,
        status: iotjobs.model.JobStatus.SUCCEEDED,
        statusDetails: { step: 'done' },
        expectedVersion: execution.versionNumber,
      });
      console.log(`${thingName}: SUCCEEDED ${execution.jobId}`);
      ran += 1;
      if (ran >= jobsToRun) return shutDown();
    }
  } catch (error) {
    console.error(`${thingName}: ${error.message ?? error}`, error.modeledError ?? '');
  } finally {
    busy = false;
  }
}

function shutDown() {
  jobs.close();
  client.stop();
  client.close();
  process.exit(0);
}

// notify-next: the job to work on next changed (a new job, or the current one was canceled).
const nextChanged = jobs.createNextJobExecutionChangedStream({ thingName });
nextChanged.on('incomingPublish', ({ message }) => {
  console.log(`${thingName}: next job is ${message.execution?.jobId ?? 'none'}`);
  if (message.execution) void runPendingJobs();
});
nextChanged.on('subscriptionStatus', (event) => {
  // Once listening, pick up what was already pending before the device connected.
  if (event.type === 0 /* SubscriptionEstablished */) void runPendingJobs();
});
nextChanged.open();
process.once('SIGINT', shutDown);
process.once('SIGTERM', shutDown);
