import { STREAM_TYPES, streamTypeOf, type ThingEventType, type ThingGroupEventType } from '#jobs/domain';
import { envelopeOf, type EventEnvelope, type SourceEvent } from './envelope.js';

/**
 * The registry's part of the published contract (docs/asyncapi.yaml): events of the thing and
 * thing-group streams go to their own topic, `<prefix>.things.v1`. A thing event (created, updated,
 * deleted, its group membership changed) is keyed by the thing name, so one thing's history stays
 * in order on one partition; a thing-group event is keyed by the group name. Membership is a thing
 * event: "which groups was sensor-1 in" reads one key.
 */

/**
 * Operation names by event type, keyed by the domain's event unions: a new registry event type does
 * not compile until it has its name here.
 */
export const THING_OPERATIONS: Readonly<Record<ThingEventType, string>> = {
  ThingCreated: 'created',
  ThingUpdated: 'updated',
  ThingDeleted: 'deleted',
  ThingGroupMembershipChanged: 'membershipChanged',
};

export const THING_GROUP_OPERATIONS: Readonly<Record<ThingGroupEventType, string>> = {
  ThingGroupCreated: 'created',
  ThingGroupUpdated: 'updated',
  ThingGroupDeleted: 'deleted',
  ThingGroupChildAttached: 'childAttached',
  ThingGroupChildDetached: 'childDetached',
  ThingGroupTagged: 'tagged',
  ThingGroupUntagged: 'untagged',
};

export interface ThingPayload extends EventEnvelope {
  kind: 'thing';
  thingName: string;
  /** A deleted and re-created thing is a new thing: a new thingId under the same name. */
  thingId: string;
}

export interface ThingGroupPayload extends EventEnvelope {
  kind: 'thing-group';
  thingGroupName: string;
  thingGroupId: string;
}

export type RegistryEventPayload = ThingPayload | ThingGroupPayload;

export function isThingStream(streamId: string): boolean {
  return streamTypeOf(streamId) === STREAM_TYPES.thing;
}

export function isThingGroupStream(streamId: string): boolean {
  return streamTypeOf(streamId) === STREAM_TYPES.thingGroup;
}

/**
 * The payload of a thing or thing-group event; undefined for any other stream. (The spread of
 * `common` costs a few µs per event; registry events are rare next to execution events.)
 */
export function toRegistryPayload(event: SourceEvent): RegistryEventPayload | undefined {
  const d = event.data;
  if (isThingStream(event.streamId)) {
    return { ...envelopeOf(event, THING_OPERATIONS), kind: 'thing', thingName: String(d.thingName), thingId: String(d.thingId) };
  }
  if (isThingGroupStream(event.streamId)) {
    const group = { thingGroupName: String(d.thingGroupName), thingGroupId: String(d.thingGroupId) };
    return { ...envelopeOf(event, THING_GROUP_OPERATIONS), kind: 'thing-group', ...group };
  }
  return undefined;
}

/** The Kafka key of a registry payload: the thing name, or the group name for a group event. */
export function registryKeyOf(payload: RegistryEventPayload): string {
  return payload.kind === 'thing' ? payload.thingName : payload.thingGroupName;
}

/** Checks a decoded registry payload against its record (the headers are checked by the caller). */
export function isRegistryPayload(payload: { kind?: unknown }): payload is RegistryEventPayload {
  return payload.kind === 'thing' || payload.kind === 'thing-group';
}
