import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { CreateJobCommand, DescribeJobExecutionCommand } from '@aws-sdk/client-iot';
import { pollUntil, startPrivateMosquitto, type PrivateMosquitto } from '#testing';
import { brokerUsers, devicePassword, mqttSettings } from './support/mqtt-devices.js';
import { startServiceUnderTest, thingArn, uniqueName, type ServiceUnderTest } from '#testing';

const EXAMPLE = fileURLToPath(new URL('../../../../examples/mqtt-device.mjs', import.meta.url));

/** The README's MQTT device must keep working against the real service and broker. */
describe('examples/mqtt-device.mjs', () => {
  const thing = uniqueName('mq-example');
  let broker: PrivateMosquitto;
  let sut: ServiceUnderTest;

  before(async () => {
    broker = await startPrivateMosquitto({ users: brokerUsers([thing]) });
    sut = await startServiceUnderTest({ env: mqttSettings(broker) });
  });
  after(async () => {
    await sut?.stop();
    await broker?.close();
  });

  it('runs the jobs of its thing: one pending before it connects, one pushed by notify-next', async () => {
    const early = uniqueName('mq-example-job');
    await sut.cp.send(new CreateJobCommand({ jobId: early, targets: [thingArn(thing)], document: '{"op":"first"}' }));
    let output = '';
    const child = spawn(process.execPath, [EXAMPLE], {
      env: {
        ...process.env,
        MQTT_HOST: broker.host,
        MQTT_PORT: String(broker.port),
        THING_NAME: thing,
        THING_PASSWORD: devicePassword(thing),
        JOBS_TO_RUN: '2',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    try {
      await pollUntil(() => (output.includes(`SUCCEEDED ${early}`) ? true : undefined), { description: `the example ran ${early}: ${output}` });
      const pushed = uniqueName('mq-example-job');
      await sut.cp.send(new CreateJobCommand({ jobId: pushed, targets: [thingArn(thing)], document: '{"op":"second"}' }));
      assert.equal(await exited, 0, output);
      assert.match(output, new RegExp(`running ${pushed} with document \\{"op":"second"\\}`));
      for (const jobId of [early, pushed]) {
        const { execution } = await sut.cp.send(new DescribeJobExecutionCommand({ jobId, thingName: thing }));
        assert.equal(execution?.status, 'SUCCEEDED', jobId);
      }
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
