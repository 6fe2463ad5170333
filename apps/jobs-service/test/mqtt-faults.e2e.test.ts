import { strict as assert } from 'node:assert';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { CancelJobExecutionCommand, CreateJobCommand, IoTClient } from '@aws-sdk/client-iot';
import pg from 'pg';
import { freePort, freshDatabase, pollUntil, startPrivateMosquitto, type PrivateMosquitto, type TestDatabase } from '#testing';
import { brokerUsers, connectSdkDevice, mqttSettings, type SdkDevice } from './support/mqtt-devices.js';
import { OPERATOR, principalsSetting, REGION, startServiceUnderTest, thingArn, uniqueName, type ServiceUnderTest } from '#testing';

const MAIN = fileURLToPath(new URL('../src/main.js', import.meta.url));
const OUTAGE_MS = 10_000;

/** Notifications are driven by stored events: neither a broker outage nor a killed service loses one. */
describe('MQTT notifications survive faults', () => {
  describe('the broker is down for 10 s while executions change', () => {
    const things = [uniqueName('mq-out-a'), uniqueName('mq-out-b'), uniqueName('mq-out-c')];
    let broker: PrivateMosquitto;
    let sut: ServiceUnderTest;
    const devices: SdkDevice[] = [];

    before(async () => {
      broker = await startPrivateMosquitto({ users: brokerUsers(things) });
      sut = await startServiceUnderTest({ env: mqttSettings(broker) });
      await pollUntil(() => (sut.service.mqtt?.connection.connected ? true : undefined), { description: 'the service connected' });
      for (const thing of things) devices.push(await connectSdkDevice(broker, thing, { persistentSession: true }));
    });
    after(async () => {
      for (const device of devices) device.close();
      await sut?.stop();
      await broker?.close();
    });

    it('after it returns, every affected device gets its current notify and notify-next', async () => {
      const [a, b, c] = things as [string, string, string];
      const running = uniqueName('mq-out-job');
      await sut.cp.send(new CreateJobCommand({ jobId: running, targets: [thingArn(a)], document: '{"op":"first"}' }));
      await pollUntil(() => devices[0]!.notifyNext.find((n) => n.message.execution?.jobId === running), { description: 'a knows its job' });
      const before = devices.map((device) => ({ notify: device.notify.length, notifyNext: device.notifyNext.length }));

      await broker.stop();
      const downAt = Date.now();
      // While the broker is down: a's job is canceled, b and c get a new job.
      await sut.cp.send(new CancelJobExecutionCommand({ jobId: running, thingName: a, force: true }));
      const later = uniqueName('mq-out-job');
      await sut.cp.send(new CreateJobCommand({ jobId: later, targets: [thingArn(b), thingArn(c)], document: '{"op":"second"}' }));
      // The outage itself is the scenario, not a synchronisation: it lasts 10 s whatever happens.
      await delay(Math.max(0, OUTAGE_MS - (Date.now() - downAt)));
      assert.deepEqual(
        devices.map((device, i) => device.notifyNext.length - before[i]!.notifyNext),
        [0, 0, 0],
        'nothing can arrive while the broker is down',
      );
      await broker.start();

      const deadline = { timeoutMs: 20_000 };
      await pollUntil(() => devices[0]!.notifyNext.slice(before[0]!.notifyNext).find((n) => n.message.execution === undefined), {
        ...deadline,
        description: "a's empty notify-next",
      });
      await pollUntil(() => devices[0]!.notify.slice(before[0]!.notify).find((n) => Object.keys(n.message.jobs ?? {}).length === 0), {
        ...deadline,
        description: "a's empty notify",
      });
      for (const [i, device] of [
        [1, devices[1]!],
        [2, devices[2]!],
      ] as const) {
        const next = await pollUntil(() => device.notifyNext.slice(before[i]!.notifyNext).find((n) => n.message.execution?.jobId === later), {
          ...deadline,
          description: `${device.thingName}'s notify-next`,
        });
        assert.deepEqual(next.message.execution?.jobDocument, { op: 'second' });
        await pollUntil(() => device.notify.slice(before[i]!.notify).find((n) => n.message.jobs?.QUEUED?.[0]?.jobId === later), {
          ...deadline,
          description: `${device.thingName}'s notify`,
        });
      }
    });
  });

  describe('the service is killed (SIGKILL) right after a cancel committed', () => {
    const thing = uniqueName('mq-kill');
    let broker: PrivateMosquitto;
    let db: TestDatabase;
    let service: ChildProcess | undefined;
    let device: SdkDevice;
    let port: number;

    async function startProcess(): Promise<string> {
      let output = '';
      const child = spawn(process.execPath, [MAIN], {
        env: {
          PATH: process.env.PATH,
          DATABASE_URL: db.url,
          PORT: String(port),
          LOG_LEVEL: 'warn',
          NODE_ENV: 'test',
          AUTH_PRINCIPALS: principalsSetting(),
          THING_TARGETS: 'any',
          ...mqttSettings(broker),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
      service = child;
      return pollUntil(
        () => {
          if (child.exitCode !== null) throw new Error(`the service exited:\n${output}`);
          return /listening on (http:\/\/\S+)/.exec(output)?.[1];
        },
        { timeoutMs: 60_000, description: 'the service to start' },
      );
    }

    async function kill(): Promise<void> {
      const child = service;
      if (!child || child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    }

    before(async () => {
      broker = await startPrivateMosquitto({ users: brokerUsers([thing]) });
      db = await freshDatabase('mqtt_kill');
      port = await freePort();
      device = await connectSdkDevice(broker, thing, { persistentSession: true });
    });
    after(async () => {
      device?.close();
      await kill();
      await db?.drop();
      await broker?.close();
    });

    it('the restarted service sends the notify-next', async () => {
      const url = await startProcess();
      const cp = new IoTClient({ region: REGION, endpoint: url, credentials: OPERATOR, maxAttempts: 1 });
      const jobId = uniqueName('mq-kill-job');
      await cp.send(new CreateJobCommand({ jobId, targets: [thingArn(thing)], document: '{}' }));
      await pollUntil(() => device.notifyNext.find((n) => n.message.execution?.jobId === jobId), { description: 'the job announced' });
      const before = device.notifyNext.length;

      // Holding the notifier's table keeps the running instance from publishing this cancel before
      // the kill, so the notification can only come from the restarted one.
      const locker = new pg.Client({ connectionString: db.url });
      await locker.connect();
      try {
        await locker.query('BEGIN');
        await locker.query('LOCK TABLE mqtt_notified_pending IN ACCESS EXCLUSIVE MODE');
        await cp.send(new CancelJobExecutionCommand({ jobId, thingName: thing, force: true }));
        await kill();
        assert.equal(device.notifyNext.length, before, 'nothing was published before the kill');
      } finally {
        await locker.query('ROLLBACK').catch(() => undefined);
        await locker.end();
      }
      cp.destroy();
      const restartedAt = Date.now();
      await startProcess();
      const notification = await pollUntil(() => device.notifyNext.slice(before).find((n) => n.message.execution === undefined), {
        timeoutMs: 20_000,
        description: 'notify-next after the restart',
      });
      assert.ok(notification.at >= restartedAt, 'sent by the restarted service');
    });
  });
});
