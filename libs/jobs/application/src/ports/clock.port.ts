/**
 * The only source of "now" for the use cases. Commands carry the time into the deciders, so a test
 * binds a fixed clock and runs a use case at a chosen instant; the service binds the system clock.
 */
export abstract class Clock {
  abstract now(): Date;
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}
