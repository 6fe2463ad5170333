import { Injectable } from '@nestjs/common';
import {
  foldEvents,
  STREAM_TYPES,
  thingDecider,
  thingGroupDecider,
  thingGroupStreamId,
  thingStreamId,
  type Decider,
  type ThingCommand,
  type ThingGroupCommand,
  type ThingGroupEvent,
  type ThingGroupState,
  type ThingState,
} from '#jobs/domain';
import { Clock } from '../ports/clock.port.js';
import { EventStore } from '../ports/event-store.port.js';
import { retryOnConflict } from './retry-on-conflict.js';
import { planned, toDomainEvents } from './stream-writer.js';

interface Loaded<S> {
  streamId: string;
  state: S;
  version: number;
}

/** Load, decide, append (retrying a lost race) for the thing and thing-group streams. */
@Injectable()
export class RegistryStreams {
  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
  ) {}

  loadThing(thingName: string): Promise<Loaded<ThingState>> {
    return this.load(thingStreamId(thingName), thingDecider);
  }

  loadGroup(groupName: string): Promise<Loaded<ThingGroupState>> {
    return this.load(thingGroupStreamId(groupName), thingGroupDecider);
  }

  /** When the thing was last deleted, if its stream ends with its deletion (no thing of the name now). */
  async thingDeletedAt(thingName: string): Promise<Date | undefined> {
    const last = (await this.store.readStream(thingStreamId(thingName))).at(-1);
    return last?.type === 'ThingDeleted' ? new Date(String(last.data.at)) : undefined;
  }

  /** The thing's state is read first, so the command can be built from it (membership checks). */
  decideThing(thingName: string, command: (now: Date, state: ThingState) => Promise<ThingCommand> | ThingCommand) {
    return this.decide(
      thingName,
      (name) => this.loadThing(name),
      (loaded, now) => command(now, loaded.state),
      thingDecider,
      STREAM_TYPES.thing,
    );
  }

  decideGroup(groupName: string, command: (now: Date, state: ThingGroupState) => Promise<ThingGroupCommand> | ThingGroupCommand) {
    return this.decide(
      groupName,
      (name) => this.loadGroup(name),
      (loaded, now) => command(now, loaded.state),
      thingGroupDecider,
      STREAM_TYPES.thingGroup,
    );
  }

  /**
   * A decision on a group and, when it changed the group, one on the parent that `parentNameOf`
   * names, appended in one atomic write at both streams' versions (docs/aws-behaviour.md §14.4):
   * a child's creation or deletion and the parent's record of its children cannot diverge, and a
   * parent changed meanwhile (deleted, or given another child) makes the write conflict, so the
   * request reads both again and decides again.
   */
  decideGroupUnderParent(
    groupName: string,
    parentNameOf: (group: ThingGroupState) => string | undefined,
    command: (now: Date, group: ThingGroupState, parent: ThingGroupState | undefined) => ThingGroupCommand,
    parentCommand: (now: Date) => ThingGroupCommand,
  ): Promise<{ events: ThingGroupEvent[]; state: ThingGroupState }> {
    return retryOnConflict(
      async () => {
        const group = await this.loadGroup(groupName);
        const parentName = parentNameOf(group.state);
        const parent = parentName === undefined ? undefined : await this.loadGroup(parentName);
        const now = this.clock.now();
        const decided = command(now, group.state, parent?.state);
        const events = thingGroupDecider.decide(decided, group.state);
        const state = events.reduce(thingGroupDecider.evolve, group.state);
        const { write } = planned(group, STREAM_TYPES.thingGroup, events, state, decided.data.actor);
        if (write === undefined) return { events, state };
        const writes = [write];
        if (parent !== undefined) {
          const onParent = parentCommand(now);
          const parentEvents = thingGroupDecider.decide(onParent, parent.state);
          const parentWrite = planned(parent, STREAM_TYPES.thingGroup, parentEvents, undefined, onParent.data.actor).write;
          if (parentWrite !== undefined) writes.push(parentWrite);
        }
        await this.store.appendMany(writes);
        return { events, state };
      },
      { pinned: false },
    );
  }

  private decide<S, C extends { data: { actor: string } }, E extends { type: string; data: object }>(
    name: string,
    load: (name: string) => Promise<Loaded<S>>,
    command: (loaded: Loaded<S>, now: Date) => Promise<C> | C,
    decider: Decider<S, C, E>,
    streamType: string,
  ): Promise<{ events: E[]; state: S }> {
    return retryOnConflict(
      async () => {
        const loaded = await load(name);
        const decided = await command(loaded, this.clock.now());
        const events = decider.decide(decided, loaded.state);
        const state = events.reduce(decider.evolve, loaded.state);
        const { write } = planned(loaded, streamType, events, state, decided.data.actor);
        if (write) await this.store.append(write);
        return { events, state };
      },
      { pinned: false },
    );
  }

  private async load<S, E>(streamId: string, decider: Pick<Decider<S, unknown, E>, 'initialState' | 'evolve'>): Promise<Loaded<S>> {
    const events = await this.store.readStream(streamId);
    return { streamId, state: foldEvents(decider, toDomainEvents<E>(events)), version: events.at(-1)?.streamVersion ?? 0 };
  }
}
