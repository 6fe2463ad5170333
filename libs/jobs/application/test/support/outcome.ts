import assert from 'node:assert/strict';
import { DomainError, type DomainErrorCode } from '#jobs/domain';
import type { StoredEvent } from './in-memory-event-store.js';

/** An event as a test expects it: on which stream, of which type, with which data. */
export interface ExpectedEvent {
  streamId: string;
  type: string;
  data: object;
}

/** What a When step did: the events it appended (in commit order) and its result or its error. */
export class Outcome<R> {
  constructor(
    readonly appended: readonly StoredEvent[],
    private readonly settled: { result: R } | { error: unknown },
  ) {}

  /** Then: it succeeded; its result. */
  get result(): R {
    if ('error' in this.settled) throw new assert.AssertionError({ message: `expected success, got ${String(this.settled.error)}` });
    return this.settled.result;
  }

  get error(): unknown {
    return 'error' in this.settled ? this.settled.error : undefined;
  }

  /** Then: it succeeded and appended exactly these events, in this order. */
  thenAppended(expected: readonly ExpectedEvent[]): R {
    const result = this.result;
    assert.deepStrictEqual(this.events(), expected);
    return result;
  }

  /**
   * Then: it succeeded and appended events on these streams of these types, in this order, whose
   * data hold (at least) the given fields.
   */
  thenAppendedMatching(expected: readonly ExpectedEvent[]): R {
    const result = this.result;
    const actual = this.events();
    assert.deepStrictEqual(
      actual.map(({ streamId, type }) => ({ streamId, type })),
      expected.map(({ streamId, type }) => ({ streamId, type })),
    );
    expected.forEach((event, index) => {
      const data = actual[index]!.data as Record<string, unknown>;
      for (const [field, value] of Object.entries(event.data)) {
        assert.deepStrictEqual(data[field], value, `${event.type} #${index}: ${field}`);
      }
    });
    return result;
  }

  /** Then: it succeeded and changed nothing. */
  thenNothingAppended(): R {
    return this.thenAppended([]);
  }

  /** Then: it was refused with this domain error and changed nothing. */
  thenFails(code: DomainErrorCode): DomainError {
    const error = this.thenFailsAfterOthersWrote(code);
    assert.deepStrictEqual(this.events(), []);
    return error;
  }

  /** Then: it was refused with this domain error (another writer may have appended meanwhile). */
  thenFailsAfterOthersWrote(code: DomainErrorCode): DomainError {
    const { error } = this;
    assert.ok(error instanceof DomainError, `expected DomainError(${code}), got ${error === undefined ? 'success' : String(error)}`);
    assert.equal(error.code, code, error.message);
    return error;
  }

  /** The appended events as tests write them. */
  events(): ExpectedEvent[] {
    return this.appended.map(({ streamId, type, data }) => ({ streamId, type, data }));
  }
}
