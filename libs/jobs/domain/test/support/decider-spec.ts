import assert from 'node:assert/strict';
import { DomainError, type Decider, type DomainErrorCode } from '#jobs/domain';

/**
 * Given(events) / When(command) / Then(events | error code), after Emmett's DeciderSpecification:
 * assert the events a command produces, not the state it leads to.
 */
export function deciderSpec<State, Command, Event>(decider: Decider<State, Command, Event>) {
  return {
    given(history: readonly Event[]) {
      const state = history.reduce(decider.evolve, decider.initialState());
      return {
        when(command: Command) {
          const run = () => decider.decide(command, state);
          return {
            // biome-ignore lint/suspicious/noThenProperty: given/when/then reads as the spec; nothing awaits this object.
            then(expected: readonly Event[]): void {
              assert.deepStrictEqual(run(), expected);
            },
            thenNothing(): void {
              assert.deepStrictEqual(run(), []);
            },
            /** The produced events, for assertions on a few fields. */
            events(): Event[] {
              return run();
            },
            thenThrows(code: DomainErrorCode): DomainError {
              let caught: unknown;
              try {
                run();
              } catch (error) {
                caught = error;
              }
              assert.ok(caught instanceof DomainError, `expected DomainError(${code}), got ${String(caught)}`);
              assert.equal(caught.code, code, caught.message);
              return caught;
            },
          };
        },
      };
    },
  };
}
