import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreateJobCommand } from '@aws-sdk/client-iot';
import fc from 'fast-check';
import {
  pollUntil,
  startPrivateMosquitto,
  startServiceUnderTest,
  thingArn,
  uniqueName,
  type PrivateMosquitto,
  type ServiceUnderTest,
} from '#testing';
import { brokerUsers, connectRawDevice, mqttSettings, type RawDevice } from '../support/mqtt-devices.js';

/** Fixed so CI time stays flat; HOSTILE_MQTT_RUNS raises it for a longer exploratory run. */
const RUNS = Number(process.env.HOSTILE_MQTT_RUNS ?? 200);

/** What a refusal of the device's own input may be: never InternalError, never a state error. */
const INPUT_REJECTIONS = new Set(['InvalidJson', 'InvalidRequest', 'InvalidTopic']);

/** A hostile request of one device on its own jobs topics: every one of them must be refused. */
interface HostileMessage {
  /** After `$aws/things/<thing>/jobs/`. */
  operation: string;
  payload: Buffer;
}

/** Values of the wrong type or range for the members the requests read. */
const wrongValue = fc.constantFrom<unknown>({}, [], 'x', '', -1, 1.5, 1e300, true, null, { a: { b: 1 } }, 'x'.repeat(2000));

const badJson = fc.constantFrom(
  '{',
  '{"clientToken":',
  'NaN',
  "{'status':'SUCCEEDED'}",
  '[1,2]',
  '"text"',
  '42',
  'null',
  'true',
  '{"a":1,}',
  '/* c */ {}',
);
const invalidUtf8 = Buffer.from([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x3a, 0x31, 0x7d]);

/** A clientToken no request may carry: the wrong type, empty, or over 64 characters. */
const badClientToken = fc.constantFrom<unknown>(7, {}, [], '', true, 'x'.repeat(65));

/** Job ids in the topic that no job can have (the topic level is the job id as it stands). */
const badJobLabel = fc.constantFrom('a.b', 'x'.repeat(65), 'caf\u00e9', 'a b', "' OR 1=1 --", '..', '%2F', '\u0024{jndi:x}');

/** A topic under the device's jobs topics that names no operation. */
const unknownOperation = fc.constantFrom('nonsense', 'cancel', 'job-1/cancel', 'job-1/delete', 'get/extra', 'job-1/get/more', 'start-next/x');

const json = (value: Record<string, unknown>) => Buffer.from(JSON.stringify(value));

function hostileMessage(jobId: string): fc.Arbitrary<HostileMessage> {
  const operations = ['get', 'start-next', `${jobId}/get`, '$next/get', `${jobId}/update`];
  const anyOperation = fc.constantFrom(...operations);
  const unparsable = fc
    .tuple(
      anyOperation,
      fc.oneof(
        badJson.map((text) => Buffer.from(text)),
        fc.constant(invalidUtf8),
      ),
    )
    .map(([operation, payload]) => ({ operation, payload }));
  const tokenRefused = fc.tuple(anyOperation, badClientToken).map(([operation, clientToken]) => ({
    operation,
    payload: json({ clientToken, ...(operation.endsWith('update') ? { status: 'IN_PROGRESS' } : {}) }),
  }));
  const startNextRefused = fc
    .tuple(fc.constantFrom('statusDetails', 'stepTimeoutInMinutes'), wrongValue, fc.boolean())
    .filter(([member, value, nested]) => !(member === 'statusDetails' && !refusedAsStatusDetails(value, nested)))
    .map(([member, value, nested]) => ({
      operation: 'start-next',
      payload: json(member === 'statusDetails' && nested ? { statusDetails: { step: value } } : { [member]: value }),
    }));
  const describeRefused = fc
    .tuple(fc.constantFrom(`${jobId}/get`, '$next/get'), fc.constantFrom('executionNumber', 'includeJobDocument'), wrongValue)
    .filter(([, member, value]) => !(member === 'includeJobDocument' && typeof value === 'boolean'))
    .map(([operation, member, value]) => ({ operation, payload: json({ [member]: value }) }));
  const updateRefused = fc.oneof(
    fc
      .constantFrom<unknown>(undefined, 'DONE', 'succeeded', '', 7, {})
      .map((status) => ({ operation: `${jobId}/update`, payload: json({ status }) })),
    fc
      .tuple(fc.constantFrom('statusDetails', 'expectedVersion', 'executionNumber', 'includeJobExecutionState', 'stepTimeoutInMinutes'), wrongValue)
      .filter(([member, value]) => !(member.startsWith('include') && typeof value === 'boolean'))
      .filter(([member, value]) => !(member === 'statusDetails' && !refusedAsStatusDetails(value, false)))
      // -1 removes the step timer: a valid update.
      .filter(([member, value]) => !(member === 'stepTimeoutInMinutes' && value === -1))
      .map(([member, value]) => ({ operation: `${jobId}/update`, payload: json({ status: 'IN_PROGRESS', [member]: value }) })),
  );
  const labelRefused = fc
    .tuple(badJobLabel, fc.constantFrom('get', 'update'))
    .map(([label, verb]) => ({ operation: `${label}/${verb}`, payload: json(verb === 'update' ? { status: 'IN_PROGRESS' } : {}) }));
  const topicRefused = unknownOperation.map((operation) => ({ operation, payload: json({ clientToken: 'unknown-topic' }) }));
  return fc.oneof(unparsable, tokenRefused, startNextRefused, describeRefused, updateRefused, labelRefused, topicRefused);
}

/** Whether statusDetails (or, nested, the value of one of its members) is invalid with this value. */
function refusedAsStatusDetails(value: unknown, nested: boolean): boolean {
  if (nested) return !(typeof value === 'string' && value.length >= 1 && value.length <= 1024);
  const emptyObject = typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 0;
  return !emptyObject;
}

/**
 * Hostile MQTT requests from an authenticated device on its own jobs topics, against a private
 * Mosquitto with the shipped ACL and the real service: each gets exactly one answer, on its
 * `/rejected` topic, with an input code and a message, and nothing is written.
 */
describe('hostile MQTT requests never get past the edge', () => {
  const thing = uniqueName('mq-fuzz');
  let broker: PrivateMosquitto;
  let sut: ServiceUnderTest;
  let device: RawDevice;
  let jobId: string;

  before(async () => {
    broker = await startPrivateMosquitto({ users: brokerUsers([thing]) });
    sut = await startServiceUnderTest({ env: mqttSettings(broker) });
    await pollUntil(() => (sut.service.mqtt?.connection.connected ? true : undefined), { description: 'the service connected to the broker' });
    jobId = uniqueName('mq-fuzz-job');
    await sut.cp.send(new CreateJobCommand({ jobId, targets: [thingArn(thing)], document: '{"op":"seed"}' }));
    device = await connectRawDevice(broker, thing, [`$aws/things/${thing}/jobs/#`]);
    // The service answers once it holds the notifications lease and has subscribed; a request
    // published before that reaches nobody, so ask until one is answered.
    let attempt = 0;
    await pollUntil(
      async () => {
        await device.client.publishAsync(`$aws/things/${thing}/jobs/get`, JSON.stringify({ clientToken: `warm-up-${++attempt}` }), { qos: 1 });
        return device.messages.find((message) => message.topic.endsWith('/jobs/get/accepted')) ? true : undefined;
      },
      { timeoutMs: 15_000, description: 'the service answering device requests' },
    );
  });
  after(async () => {
    await device?.close();
    await sut?.stop();
    await broker?.close();
  });

  /** The answers to this test's requests; warm-up answers are left out (several may come). */
  const replies = () =>
    device.messages.filter(
      (message) => /\/(accepted|rejected)$/.test(message.topic) && !String(message.payload['clientToken']).startsWith('warm-up'),
    );

  async function answerTo(operation: string, payload: Buffer, seen: number) {
    const topic = `$aws/things/${thing}/jobs/${operation}`;
    await device.client.publishAsync(topic, payload, { qos: 1 });
    const reply = await pollUntil(() => replies()[seen], {
      timeoutMs: 5_000,
      intervalMs: 2,
      description: `the answer to ${topic} ${payload.toString().slice(0, 80)}`,
    });
    return { topic, reply };
  }

  it(`answers ${RUNS} hostile requests on /rejected with an input code, and changes nothing`, async () => {
    const eventsBefore = await eventCount(sut);
    const codes = new Map<string, number>();
    let answered = 0;
    await fc.assert(
      fc.asyncProperty(hostileMessage(jobId), async ({ operation, payload }) => {
        const { topic, reply } = await answerTo(operation, payload, answered);
        answered += 1;
        const where = `${topic} ${payload.toString().slice(0, 120)} -> ${reply.topic} ${JSON.stringify(reply.payload).slice(0, 300)}`;
        assert.equal(reply.topic, `${topic}/rejected`, where);
        const code = String(reply.payload['code']);
        assert.ok(INPUT_REJECTIONS.has(code), `not an input rejection: ${where}`);
        assert.equal(typeof reply.payload['message'], 'string', where);
        assert.ok(Number.isInteger(reply.payload['timestamp']), where);
        codes.set(code, (codes.get(code) ?? 0) + 1);
      }),
      { numRuns: RUNS },
    );

    // A valid request last: its answer comes after any stray second answer to the hostile ones.
    const { reply } = await answerTo('get', json({ clientToken: 'after-the-fuzz' }), answered);
    assert.equal(reply.payload['clientToken'], 'after-the-fuzz', 'one answer per request, no more');
    assert.deepEqual(
      (reply.payload['queuedJobs'] as Array<{ jobId: string }>).map((job) => job.jobId),
      [jobId],
      'the seeded execution is still QUEUED',
    );
    assert.equal(await eventCount(sut), eventsBefore, 'hostile requests wrote events');
    for (const code of INPUT_REJECTIONS) assert.ok((codes.get(code) ?? 0) > 0, `no ${code} among ${JSON.stringify([...codes])}`);
  });
});

async function eventCount(sut: ServiceUnderTest): Promise<number> {
  const { rows } = await sut.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM es_events');
  return rows[0]!.n;
}
