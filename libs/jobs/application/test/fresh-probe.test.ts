import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FreshProbe } from '../src/support/fresh-probe.js';

/** A probe whose calls the test settles by hand, recording when each started. */
function manualProbe() {
  const calls: Array<{ key: string; resolve: (value: number) => void; reject: (error: Error) => void }> = [];
  const probe = new FreshProbe<number>(
    (key) => new Promise<number>((resolve, reject) => calls.push({ key, resolve, reject })),
  );
  return { probe, calls };
}

/** Lets pending callbacks run: a waiting probe starts one turn after the running one ended. */
const settled = async () => {
  for (let turn = 0; turn < 3; turn++) await new Promise((resolve) => setImmediate(resolve));
};

describe('FreshProbe', () => {
  it('starts a probe in the next turn when none runs for the key, shared by all who asked before', async () => {
    const { probe, calls } = manualProbe();
    const answer = probe.ask('job-1');
    const sameTurn = probe.ask('job-1');
    assert.equal(calls.length, 0);
    await settled();
    assert.equal(calls.length, 1);
    calls[0]!.resolve(7);
    assert.equal(await sameTurn, 7);
    calls[0]!.resolve(7);
    assert.equal(await answer, 7);
  });

  it('never answers a caller with a probe that started before it asked', async () => {
    const { probe, calls } = manualProbe();
    const early = probe.ask('job-1');
    await settled();
    const late = probe.ask('job-1');
    assert.equal(calls.length, 1, 'the second caller waits for a probe of its own');
    calls[0]!.resolve(1);
    assert.equal(await early, 1);
    await settled();
    assert.equal(calls.length, 2);
    calls[1]!.resolve(2);
    assert.equal(await late, 2);
  });

  it('lets every caller that asked during one probe share the next one', async () => {
    const { probe, calls } = manualProbe();
    void probe.ask('job-1');
    await settled();
    const waiting = [probe.ask('job-1'), probe.ask('job-1'), probe.ask('job-1')];
    calls[0]!.resolve(0);
    await settled();
    assert.equal(calls.length, 2);
    calls[1]!.resolve(5);
    assert.deepEqual(await Promise.all(waiting), [5, 5, 5]);
  });

  it('keeps keys apart', async () => {
    const { probe, calls } = manualProbe();
    const a = probe.ask('job-a');
    const b = probe.ask('job-b');
    await settled();
    assert.deepEqual(calls.map((c) => c.key), ['job-a', 'job-b']);
    calls[1]!.resolve(2);
    calls[0]!.resolve(1);
    assert.deepEqual(await Promise.all([a, b]), [1, 2]);
  });

  it('gives a failure to the callers of that probe only; the waiting probe still runs', async () => {
    const { probe, calls } = manualProbe();
    const first = probe.ask('job-1');
    await settled();
    const second = probe.ask('job-1');
    calls[0]!.reject(new Error('database away'));
    await assert.rejects(first, /database away/);
    await settled();
    calls[1]!.resolve(3);
    assert.equal(await second, 3);
    const third = probe.ask('job-1');
    await settled();
    assert.equal(calls.length, 3, 'nothing runs any more, so a new caller starts in the next turn');
    calls[2]!.resolve(4);
    assert.equal(await third, 4);
  });
});
