import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { freshDatabase, pollUntil, principalsSetting, startPrivateMosquitto, uniqueName, type PrivateMosquitto, type TestDatabase } from '#testing';
import { brokerUsers, connectRawDevice, mqttSettings, type RawDevice } from './support/mqtt-devices.js';
import { startServiceProcess, type ServiceProcess } from './support/service-process.js';

/**
 * Two instances with MQTT on one database and one broker: the instance holding the notifications
 * lease answers the device requests, the other stays unsubscribed (ADR 15), so every request gets
 * exactly one answer; when the answering instance dies, the other takes over.
 */
describe('MQTT requests with two service instances', () => {
  const thing = uniqueName('mq-two');
  let broker: PrivateMosquitto;
  let db: TestDatabase;
  let sql: pg.Pool;
  let device: RawDevice;
  const services: ServiceProcess[] = [];

  before(async () => {
    broker = await startPrivateMosquitto({ users: brokerUsers([thing]) });
    db = await freshDatabase('mqtt_two');
    sql = new pg.Pool({ connectionString: db.url, max: 1 });
    const env = { DATABASE_URL: db.url, AUTH_PRINCIPALS: principalsSetting(), ...mqttSettings(broker) };
    services.push(...(await Promise.all([startServiceProcess(env), startServiceProcess(env)])));
    device = await connectRawDevice(broker, thing, [`$aws/things/${thing}/jobs/get/+`]);
  });
  after(async () => {
    await device?.close();
    await Promise.all(services.map((service) => service.kill()));
    await sql?.end();
    await db?.drop();
    await broker?.close();
  });

  const replies = (clientToken: string) =>
    device.messages.filter((m) => m.topic.endsWith('/get/accepted') && m.payload['clientToken'] === clientToken);

  async function ask(clientToken: string): Promise<void> {
    await device.client.publishAsync(`$aws/things/${thing}/jobs/get`, JSON.stringify({ clientToken }), { qos: 1 });
  }

  /** Asks again and again (a request nobody is subscribed for is lost) until one is answered. */
  async function untilAnswering(description: string): Promise<void> {
    await pollUntil(
      async () => {
        const token = uniqueName('probe');
        await ask(token);
        const answered = () => (replies(token).length > 0 ? true : undefined);
        return pollUntil(answered, { timeoutMs: 1_000, description: 'an answer' }).catch(() => undefined);
      },
      { timeoutMs: 20_000, description },
    );
  }

  /** The process whose lease answers requests, from the lease's owner (`<host>-<pid>-<random>`). */
  async function answeringPid(): Promise<number | undefined> {
    const { rows } = await sql.query<{ owner: string | null }>(
      `SELECT owner FROM es_checkpoints WHERE subscription = 'mqtt-jobs-notifications' AND lease_until > now()`,
    );
    const pid = /-(\d+)-[0-9a-f]{8}$/.exec(rows[0]?.owner ?? '')?.[1];
    return pid === undefined ? undefined : Number(pid);
  }

  it('answers each request once, and the other instance answers once the first is killed', async () => {
    const first = await pollUntil(answeringPid, { description: 'one instance to hold the lease' });
    // The first answers tell that the holder has subscribed; then twenty more, and a last one as a fence.
    await untilAnswering('the answering instance to subscribe');
    const tokens = Array.from({ length: 20 }, (_, i) => `once-${i}`);
    for (const token of tokens) await ask(token);
    await pollUntil(() => (tokens.every((token) => replies(token).length > 0) ? true : undefined), { description: 'twenty answers' });
    await ask('fence');
    await pollUntil(() => (replies('fence').length > 0 ? true : undefined), { description: 'the fence answer' });
    assert.deepEqual(
      tokens.map((token) => replies(token).length),
      tokens.map(() => 1),
      'every request answered exactly once',
    );

    const answering = services.find((service) => service.pid === first)!;
    const standby = services.find((service) => service.pid !== first)!;
    await answering.kill('SIGKILL');
    const taken = await pollUntil(async () => ((await answeringPid()) === standby.pid ? true : undefined), {
      timeoutMs: 20_000,
      description: 'the other instance to take the lease',
    });
    assert.ok(taken);
    await untilAnswering('the other instance to answer');
  });
});
