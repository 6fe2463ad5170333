/**
 * The default branch of an exhaustive switch over a union. It only type-checks when every member
 * is handled, so adding an event or command type fails the build at each switch that forgets it.
 */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`Unhandled ${what}: ${JSON.stringify(value)}`);
}
