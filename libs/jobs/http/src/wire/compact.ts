// Shared with the MQTT edge: the implementation lives in #jobs/wire.
export { compact, epochSecondsWithFraction, secondsBeforeTimedOut, wholeEpochSeconds } from '#jobs/wire';
