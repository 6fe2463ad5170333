import { DomainError } from '../errors.js';

/** One tag of a job or a job template. Keys and values are case-sensitive. */
export interface ResourceTag {
  readonly key: string;
  readonly value: string;
}

/** Tags one resource may carry; one more is LimitExceeded (docs/aws-behaviour.md §20). */
export const MAX_TAGS_PER_RESOURCE = 50;
export const MAX_TAG_KEY_LENGTH = 128;
export const MAX_TAG_VALUE_LENGTH = 256;

// Letters, separators (spaces), numbers and _ . : / = + - @, in any script.
const TAG_KEY = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
/** AWS keeps keys starting with `aws:` for its own tags; callers may neither set nor remove them. */
const RESERVED_PREFIX = 'aws:';

/** Key syntax, shared by TagResource and UntagResource. */
export function assertTagKey(key: string): void {
  const length = [...key].length;
  if (length < 1 || length > MAX_TAG_KEY_LENGTH) {
    throw new DomainError('InvalidRequest', `ResourceTag key "${key}" must be 1–${MAX_TAG_KEY_LENGTH} characters long`);
  }
  if (!TAG_KEY.test(key)) {
    throw new DomainError('InvalidRequest', `ResourceTag key "${key}" may hold only letters, numbers, spaces and _ . : / = + - @`);
  }
  if (key.toLowerCase().startsWith(RESERVED_PREFIX)) {
    throw new DomainError('InvalidRequest', `ResourceTag key "${key}" starts with the reserved prefix ${RESERVED_PREFIX}`);
  }
}

export function assertTags(tags: readonly ResourceTag[]): void {
  for (const tag of tags) {
    assertTagKey(tag.key);
    if ([...tag.value].length > MAX_TAG_VALUE_LENGTH) {
      throw new DomainError('InvalidRequest', `The value of tag "${tag.key}" must be at most ${MAX_TAG_VALUE_LENGTH} characters long`);
    }
  }
}

/**
 * The tags of `added` that change something on a resource holding `current`: new keys and new
 * values (a repeated key in one request: the last one wins). The result would hold more than
 * MAX_TAGS_PER_RESOURCE tags → LimitExceeded.
 */
export function changedTags(current: readonly ResourceTag[], added: readonly ResourceTag[]): ResourceTag[] {
  assertTags(added);
  const last = new Map(added.map((tag) => [tag.key, tag.value]));
  const held = new Map(current.map((tag) => [tag.key, tag.value]));
  const changed = [...last].filter(([key, value]) => held.get(key) !== value).map(([key, value]) => ({ key, value }));
  const total = new Set([...held.keys(), ...last.keys()]).size;
  if (total > MAX_TAGS_PER_RESOURCE) {
    throw new DomainError('LimitExceeded', `A resource can have at most ${MAX_TAGS_PER_RESOURCE} tags; this would make ${total}`);
  }
  return changed;
}

/** The keys of `tagKeys` the resource holds (the others are no change). */
export function removedTagKeys(current: readonly ResourceTag[], tagKeys: readonly string[]): string[] {
  for (const key of tagKeys) assertTagKey(key);
  const held = new Set(current.map((tag) => tag.key));
  return [...new Set(tagKeys)].filter((key) => held.has(key));
}

/** `current` with `changed` applied: a known key keeps its place and takes the new value. */
export function withTags(current: readonly ResourceTag[], changed: readonly ResourceTag[]): ResourceTag[] {
  const merged = new Map(current.map((tag) => [tag.key, tag.value]));
  for (const tag of changed) merged.set(tag.key, tag.value);
  return [...merged].map(([key, value]) => ({ key, value }));
}

export function withoutTags(current: readonly ResourceTag[], tagKeys: readonly string[]): ResourceTag[] {
  const removed = new Set(tagKeys);
  return current.filter((tag) => !removed.has(tag.key));
}
