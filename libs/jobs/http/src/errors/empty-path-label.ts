import { NotFoundException } from '@nestjs/common';
import { InvalidRequestError } from './aws-error.js';

/**
 * The SDK does not refuse an empty label: `thingName: ''` goes out as `/things//jobs` and
 * `jobId: ''` as `/things/t/jobs/`. The router finds no route for those, but the caller made an
 * input mistake, so they are answered as a 400 naming the problem instead of an unknown route.
 */
export function hasEmptyPathLabel(url: string): boolean {
  const path = url.split('?', 1)[0] ?? '';
  return path.length > 1 && (path.includes('//') || path.endsWith('/'));
}

export function explainUnroutable(exception: unknown, url: string): unknown {
  if (exception instanceof NotFoundException && hasEmptyPathLabel(url)) {
    return new InvalidRequestError(`The request path ${url.split('?', 1)[0]} has an empty label; every path label must be non-empty`);
  }
  return exception;
}
