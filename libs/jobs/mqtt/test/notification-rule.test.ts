import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { inPendingOrder, notificationsFor, type PendingKey } from '#jobs/mqtt';

const q = (jobId: string, executionNumber = 1) => ({ jobId, executionNumber, status: 'QUEUED' });
const p = (jobId: string, executionNumber = 1) => ({ jobId, executionNumber, status: 'IN_PROGRESS' });
type Entry = PendingKey & { status: string };

/** Pending lists are given in queueing order; the rule sees them in pending order (IN_PROGRESS first). */
function decide(before: Entry[], after: Entry[]) {
  return notificationsFor(inPendingOrder(before), inPendingOrder(after));
}

// One row per case of the notification table in docs/mqtt.md.
const table: Array<[string, Entry[], Entry[], { notify: boolean; notifyNext: boolean }]> = [
  ['created on an empty list: it becomes the front', [], [q('a')], { notify: true, notifyNext: true }],
  ['created behind others: the front stays', [q('a')], [q('a'), q('b')], { notify: true, notifyNext: false }],
  ['created behind an IN_PROGRESS front', [p('a')], [p('a'), q('b')], { notify: true, notifyNext: false }],
  ['the front goes QUEUED -> IN_PROGRESS: silence', [q('a'), q('b')], [p('a'), q('b')], { notify: false, notifyNext: false }],
  ['a non-front QUEUED -> IN_PROGRESS while nothing runs: new front', [q('a'), q('b')], [q('a'), p('b')], { notify: false, notifyNext: true }],
  ['a non-front starts, queued after the running front: front stays', [p('a'), q('b')], [p('a'), p('b')], { notify: false, notifyNext: false }],
  ['a non-front queued before the running front starts: new front', [q('a'), p('b')], [p('a'), p('b')], { notify: false, notifyNext: true }],
  ['IN_PROGRESS -> IN_PROGRESS (statusDetails, step timer)', [p('a'), q('b')], [p('a'), q('b')], { notify: false, notifyNext: false }],
  ['the front ends (succeeded, failed, rejected, timed out, canceled)', [p('a'), q('b')], [q('b')], { notify: true, notifyNext: true }],
  ['the last one ends: empty list', [p('a')], [], { notify: true, notifyNext: true }],
  ['a non-front ends (canceled, removed)', [p('a'), q('b')], [p('a')], { notify: true, notifyNext: false }],
  ['a pending non-front execution is deleted', [q('a'), q('b'), q('c')], [q('a'), q('c')], { notify: true, notifyNext: false }],
  ['a retry: same job, next execution number at the front', [p('a', 1)], [q('a', 2)], { notify: true, notifyNext: true }],
  ['a terminal execution is deleted or job metadata changes: nothing pending changes', [q('a')], [q('a')], { notify: false, notifyNext: false }],
  ['nothing before, nothing now', [], [], { notify: false, notifyNext: false }],
];

describe('notificationsFor: notify when the pending set changes, notify-next when its front does', () => {
  for (const [name, before, after, expected] of table) {
    it(name, () => assert.deepEqual(decide(before, after), expected));
  }

  it('compares the set, not the order: a reordering alone sends no notify', () => {
    assert.deepEqual(
      notificationsFor(
        [
          { jobId: 'a', executionNumber: 1 },
          { jobId: 'b', executionNumber: 1 },
        ],
        [
          { jobId: 'b', executionNumber: 1 },
          { jobId: 'a', executionNumber: 1 },
        ],
      ),
      {
        notify: false,
        notifyNext: true,
      },
    );
  });
});

describe('inPendingOrder', () => {
  it('puts IN_PROGRESS executions first, each group keeping its queueing order', () => {
    const ordered = inPendingOrder([q('a'), p('b'), q('c'), p('d')]).map((entry) => entry.jobId);
    assert.deepEqual(ordered, ['b', 'd', 'a', 'c']);
  });
});
