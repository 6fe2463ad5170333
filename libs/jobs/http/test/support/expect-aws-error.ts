import assert from 'node:assert/strict';

export interface SdkError extends Error {
  $metadata: { httpStatusCode?: number; requestId?: string };
}

/** Awaits an SDK call that must fail with the given AWS error name and HTTP status. */
export async function expectAwsError(call: Promise<unknown>, name: string, status: number): Promise<SdkError> {
  try {
    await call;
  } catch (error) {
    const sdkError = error as SdkError;
    assert.equal(sdkError.name, name, `error name (message: ${sdkError.message})`);
    assert.equal(sdkError.$metadata?.httpStatusCode, status, 'HTTP status');
    assert.match(sdkError.$metadata.requestId ?? '', /^[0-9a-f-]{36}$/, 'request id');
    return sdkError;
  }
  assert.fail(`expected ${name} ${status}, but the call succeeded`);
}
