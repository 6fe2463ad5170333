import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EventBridgeCronCalendar } from '#jobs/cron';
import { assertMaintenanceWindows, DomainError, scheduledJobRollouts, windowAt, type MaintenanceWindow } from '#jobs/domain';

/** The window arithmetic of docs/aws-behaviour.md §21.5, over the service's own cron calendar. */
const calendar = new EventBridgeCronCalendar();
const utc = (iso: string) => new Date(iso);
const nightly: MaintenanceWindow = { startTime: 'cron(0 2 * * ? *)', durationInMinutes: 60 };

describe('maintenance windows: inside or outside', () => {
  it('is outside before the window and names the next start', () => {
    assert.deepEqual(windowAt([nightly], calendar, utc('2026-12-07T01:00:00Z')), { open: false, opensAt: utc('2026-12-07T02:00:00Z') });
  });

  it('is inside from the start, included, to the end, excluded', () => {
    assert.deepEqual(windowAt([nightly], calendar, utc('2026-12-07T02:00:00Z')), { open: true, closesAt: utc('2026-12-07T03:00:00Z') });
    assert.deepEqual(windowAt([nightly], calendar, utc('2026-12-07T02:59:59.999Z')), { open: true, closesAt: utc('2026-12-07T03:00:00Z') });
    assert.deepEqual(windowAt([nightly], calendar, utc('2026-12-07T03:00:00Z')), { open: false, opensAt: utc('2026-12-08T02:00:00Z') });
  });

  it('of several windows, the earliest next start opens and the latest end of the open ones closes', () => {
    const evening: MaintenanceWindow = { startTime: 'cron(30 2 * * ? *)', durationInMinutes: 90 };
    assert.deepEqual(windowAt([nightly, evening], calendar, utc('2026-12-07T01:00:00Z')), { open: false, opensAt: utc('2026-12-07T02:00:00Z') });
    assert.deepEqual(windowAt([nightly, evening], calendar, utc('2026-12-07T02:45:00Z')), { open: true, closesAt: utc('2026-12-07T04:00:00Z') });
  });

  it('a window whose cron recurs within its duration stays open until the last occurrence ends', () => {
    const quarterly: MaintenanceWindow = { startTime: 'cron(0/15 * * * ? *)', durationInMinutes: 20 };
    assert.deepEqual(windowAt([quarterly], calendar, utc('2026-12-07T01:17:00Z')), { open: true, closesAt: utc('2026-12-07T01:35:00Z') });
  });

  it('has no next start once the cron has no occurrence left', () => {
    assert.deepEqual(windowAt([{ startTime: 'cron(0 2 * * ? 2026)', durationInMinutes: 60 }], calendar, utc('2026-12-31T03:00:00Z')), {
      open: false,
    });
  });
});

describe('maintenance windows: scheduledJobRollouts', () => {
  it('lists the next seven starts after now as YYYY-MM-DDTHH:MM in UTC', () => {
    const listed = scheduledJobRollouts({ maintenanceWindows: [nightly] }, calendar, utc('2026-12-07T02:30:00Z'));
    assert.deepEqual(
      listed?.map((entry) => entry.startTime),
      ['2026-12-08T02:00', '2026-12-09T02:00', '2026-12-10T02:00', '2026-12-11T02:00', '2026-12-12T02:00', '2026-12-13T02:00', '2026-12-14T02:00'],
    );
  });

  it('starts at the startTime (included) when that is later, and merges several windows without repeats', () => {
    const listed = scheduledJobRollouts(
      {
        startTime: '2026-12-10T02:00',
        maintenanceWindows: [
          nightly,
          { startTime: 'cron(0 2 ? * SAT *)', durationInMinutes: 30 },
          { startTime: 'cron(0 14 ? * SUN *)', durationInMinutes: 30 },
        ],
      },
      calendar,
      utc('2026-12-07T00:00:00Z'),
    );
    assert.deepEqual(
      listed?.map((entry) => entry.startTime),
      ['2026-12-10T02:00', '2026-12-11T02:00', '2026-12-12T02:00', '2026-12-13T02:00', '2026-12-13T14:00', '2026-12-14T02:00', '2026-12-15T02:00'],
    );
  });

  it('stops at the endTime', () => {
    const listed = scheduledJobRollouts({ endTime: '2026-12-09T02:00', maintenanceWindows: [nightly] }, calendar, utc('2026-12-07T03:00:00Z'));
    assert.deepEqual(
      listed?.map((entry) => entry.startTime),
      ['2026-12-08T02:00', '2026-12-09T02:00'],
    );
  });

  it('is absent without windows (an empty list counts as none)', () => {
    assert.equal(scheduledJobRollouts({ startTime: '2026-12-10T02:00' }, calendar, utc('2026-12-07T00:00:00Z')), undefined);
    assert.equal(scheduledJobRollouts({ maintenanceWindows: [] }, calendar, utc('2026-12-07T00:00:00Z')), undefined);
    assert.equal(scheduledJobRollouts(undefined, calendar, utc('2026-12-07T00:00:00Z')), undefined);
  });
});

describe('maintenance windows: validation', () => {
  const from = utc('2026-12-07T00:00:00Z');
  const refusal = (windows: MaintenanceWindow[]): string => {
    try {
      assertMaintenanceWindows('schedulingConfig.maintenanceWindows', windows, calendar, from);
    } catch (error) {
      assert.ok(error instanceof DomainError);
      assert.equal(error.code, 'InvalidRequest');
      return error.message;
    }
    assert.fail(`${JSON.stringify(windows)} was accepted`);
  };

  it('names the member of a cron that does not parse, a duration out of range and a cron that never occurs', () => {
    assert.match(refusal([nightly, { startTime: 'cron(0 2 * *)', durationInMinutes: 60 }]), /^schedulingConfig\.maintenanceWindows\[1\]\.startTime/);
    assert.match(
      refusal([{ startTime: 'cron(0 2 * * ? *)', durationInMinutes: 1431 }]),
      /^schedulingConfig\.maintenanceWindows\[0\]\.durationInMinutes/,
    );
    assert.match(refusal([{ startTime: 'cron(0 2 * * ? *)', durationInMinutes: 0 }]), /durationInMinutes/);
    assert.match(refusal([{ startTime: 'cron(0 2 * * ? 2025)', durationInMinutes: 60 }]), /no occurrence after 2026-12-07/);
    assert.match(refusal(Array.from({ length: 11 }, () => nightly)), /at most 10 windows/);
  });

  it('accepts 1 and 1430 minutes and ten windows', () => {
    assertMaintenanceWindows(
      'maintenanceWindows',
      [
        { ...nightly, durationInMinutes: 1 },
        { ...nightly, durationInMinutes: 1430 },
      ],
      calendar,
      from,
    );
    assertMaintenanceWindows(
      'maintenanceWindows',
      Array.from({ length: 10 }, () => nightly),
      calendar,
      from,
    );
  });
});
