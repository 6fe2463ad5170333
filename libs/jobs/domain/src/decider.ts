/**
 * The decider shape (after Emmett): three pure functions. `decide` returns the events a command
 * produces (an empty list when the outcome is already in the state) or throws a `DomainError`.
 * Nothing here reads a clock or does I/O: commands carry `now` and every input they need.
 */
export interface Decider<State, Command, Event> {
  initialState(): State;
  evolve(state: State, event: Event): State;
  decide(command: Command, state: State): Event[];
}

/** Events and commands are plain `{ type, data }` records so they serialise to JSON unchanged. */
export interface Message<Type extends string, Data> {
  readonly type: Type;
  readonly data: Data;
}

/** Folds a history into a state: what a command handler does before calling `decide`. */
export function foldEvents<State, Event>(decider: Pick<Decider<State, unknown, Event>, 'initialState' | 'evolve'>, events: readonly Event[]): State {
  return events.reduce(decider.evolve, decider.initialState());
}

/**
 * Decides `commands` one after another, each on the state the previous ones left: the events of
 * all of them and the state after them.
 */
export function decideAll<State, Command, Event>(
  decider: Decider<State, Command, Event>,
  state: State,
  commands: readonly Command[],
): { events: Event[]; state: State } {
  const events: Event[] = [];
  let current = state;
  for (const command of commands) {
    const decided = decider.decide(command, current);
    current = decided.reduce(decider.evolve, current);
    events.push(...decided);
  }
  return { events, state: current };
}
