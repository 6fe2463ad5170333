import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { crontab, EventBridgeCronCalendar } from '#jobs/cron';

const calendar = new EventBridgeCronCalendar();
const utc = (iso: string) => new Date(iso);
/** The next `count` occurrences after `from`, as ISO strings. */
function nextOccurrences(expression: string, from: string, count = 3): string[] {
  const out: string[] = [];
  let at = utc(from);
  for (let i = 0; i < count; i++) {
    const next = calendar.nextAfter(expression, at);
    if (next === undefined) break;
    out.push(next.toISOString());
    at = next;
  }
  return out;
}

describe('EventBridge cron expressions on croner (docs/aws-behaviour.md §21.5)', () => {
  it('reads cron(min hour day-of-month month day-of-week year) and the same six fields bare, in UTC', () => {
    const daily = ['2026-12-07T02:00:00.000Z', '2026-12-08T02:00:00.000Z', '2026-12-09T02:00:00.000Z'];
    assert.deepEqual(nextOccurrences('cron(0 2 * * ? *)', '2026-12-07T01:00:00Z'), daily);
    assert.deepEqual(nextOccurrences('0 2 * * ? *', '2026-12-07T01:00:00Z'), daily);
    assert.deepEqual(nextOccurrences('  cron( 0 2 * * ? * ) ', '2026-12-07T01:00:00Z'), daily);
    assert.equal(crontab('cron(30 14 ? * MON-FRI *)'), '0 30 14 ? * MON-FRI *');
  });

  it('numbers weekdays 1-7 from Sunday, as EventBridge does, and takes names, # and L', () => {
    // 2026-12-07 is a Monday.
    assert.deepEqual(nextOccurrences('cron(0 2 ? * 1 *)', '2026-12-07T00:00:00Z', 1), ['2026-12-13T02:00:00.000Z']);
    assert.deepEqual(nextOccurrences('cron(0 2 ? * 2 *)', '2026-12-07T00:00:00Z', 1), ['2026-12-07T02:00:00.000Z']);
    assert.deepEqual(nextOccurrences('cron(0 2 ? * SAT *)', '2026-12-07T00:00:00Z', 1), ['2026-12-12T02:00:00.000Z']);
    assert.deepEqual(nextOccurrences('cron(0 2 ? * 6#3 *)', '2026-12-07T00:00:00Z', 1), ['2026-12-18T02:00:00.000Z']);
    assert.deepEqual(nextOccurrences('cron(0 2 L * ? *)', '2026-12-07T00:00:00Z', 2), ['2026-12-31T02:00:00.000Z', '2027-01-31T02:00:00.000Z']);
  });

  it('honours the year field, and ends when its years are over', () => {
    assert.deepEqual(nextOccurrences('cron(0 0 1 1 ? 2028-2029)', '2026-12-07T00:00:00Z', 3), [
      '2028-01-01T00:00:00.000Z',
      '2029-01-01T00:00:00.000Z',
    ]);
    assert.equal(calendar.nextAfter('cron(0 2 * * ? 2025)', utc('2026-12-07T00:00:00Z')), undefined);
  });

  it('steps and lists in minutes and hours', () => {
    assert.deepEqual(nextOccurrences('cron(0/15 * * * ? *)', '2026-12-07T01:07:00Z'), [
      '2026-12-07T01:15:00.000Z',
      '2026-12-07T01:30:00.000Z',
      '2026-12-07T01:45:00.000Z',
    ]);
    assert.deepEqual(nextOccurrences('cron(0 2,14 * * ? *)', '2026-12-07T03:00:00Z', 2), ['2026-12-07T14:00:00.000Z', '2026-12-08T02:00:00.000Z']);
  });

  it('finds the latest occurrence at or before an instant, and the next strictly after', () => {
    const expression = 'cron(0 2 * * ? *)';
    assert.deepEqual(calendar.latestAtOrBefore(expression, utc('2026-12-07T02:00:00Z')), utc('2026-12-07T02:00:00Z'));
    assert.deepEqual(calendar.latestAtOrBefore(expression, utc('2026-12-07T01:59:59.999Z')), utc('2026-12-06T02:00:00Z'));
    assert.deepEqual(calendar.nextAfter(expression, utc('2026-12-07T02:00:00Z')), utc('2026-12-08T02:00:00Z'));
  });

  it('names what is wrong with an expression it does not read', () => {
    const refused: Array<[string, RegExp]> = [
      ['', /six fields/],
      ['cron()', /six fields/],
      ['cron(0 2 * * ?)', /six fields/],
      ['0 0 2 * * ? *', /six fields/],
      ['cron(0 25 * * ? *)', /hour/],
      ['cron(61 2 * * ? *)', /minute/],
      ['cron(0 2 1 * 2 *)', /both be set/],
      ['cron(0 ? * * * *)', /\? is allowed only/],
      ['cron(0 2 * * 8 *)', /day-of-week 8/],
      ['cron(0 2 ? * 0 *)', /day-of-week 0/],
      ['cron(0 2 * * +MON *)', /\+/],
      ['cron(a b c d e f)', /./],
      ['rate(5 minutes)', /six fields/],
    ];
    for (const [expression, reason] of refused) {
      const problem = calendar.problem(expression);
      assert.ok(problem !== undefined, `${expression} should be refused`);
      assert.match(problem, reason, expression);
    }
    assert.equal(calendar.problem('cron(0 2 * * ? *)'), undefined);
    assert.equal(calendar.problem('cron(15 10 ? * 6L 2026-2030)'), undefined);
  });
});
