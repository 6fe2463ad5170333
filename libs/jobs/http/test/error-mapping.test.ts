import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NotFoundException, PayloadTooLargeException } from '@nestjs/common';
import { DomainError, type DomainErrorCode } from '#jobs/domain';
import { AwsError, InvalidRequestError, isDatabaseUnavailableError, toAwsErrorResponse } from '#jobs/http';

describe('DomainError → AWS error, per plane', () => {
  const table: Array<[DomainErrorCode, control: [string, number], data: [string, number]]> = [
    ['ResourceNotFound', ['ResourceNotFoundException', 404], ['ResourceNotFoundException', 404]],
    ['ResourceAlreadyExists', ['ResourceAlreadyExistsException', 409], ['ConflictException', 409]],
    ['InvalidStateTransition', ['InvalidStateTransitionException', 409], ['InvalidStateTransitionException', 409]],
    ['VersionConflict', ['VersionConflictException', 409], ['InvalidStateTransitionException', 409]],
    ['InvalidRequest', ['InvalidRequestException', 400], ['InvalidRequestException', 400]],
    ['LimitExceeded', ['LimitExceededException', 410], ['ServiceQuotaExceededException', 402]],
    ['Conflict', ['ConflictException', 409], ['ConflictException', 409]],
  ];
  for (const [code, control, data] of table) {
    it(`${code}: control ${control.join(' ')}, data ${data.join(' ')}`, () => {
      const error = new DomainError(code, 'why');
      const cp = toAwsErrorResponse(error, 'control');
      const dp = toAwsErrorResponse(error, 'data');
      assert.deepEqual([cp.name, cp.status, cp.body.message], [...control, 'why']);
      assert.deepEqual([dp.name, dp.status, dp.body.message], [...data, 'why']);
    });
  }

  it('the data plane puts the current executionState into a 409, the control plane does not', () => {
    const executionState = { status: 'SUCCEEDED', statusDetails: { a: 'b' }, versionNumber: 3 };
    const error = new DomainError('VersionConflict', 'expected version 2 does not match current version 3', { executionState, secret: 'x' });
    assert.deepEqual(toAwsErrorResponse(error, 'data').body, {
      message: 'expected version 2 does not match current version 3',
      executionState,
    });
    assert.deepEqual(toAwsErrorResponse(error, 'control').body, { message: 'expected version 2 does not match current version 3' });
  });

  it('ResourceAlreadyExists carries resourceId and resourceArn', () => {
    const error = new DomainError('ResourceAlreadyExists', 'exists', { resourceId: 'j', resourceArn: 'arn:j', other: 1 });
    assert.deepEqual(toAwsErrorResponse(error, 'control').body, { message: 'exists', resourceId: 'j', resourceArn: 'arn:j' });
  });
});

describe('other errors', () => {
  it('ThrottlingException is 400 on the control plane and 429 on the data plane', () => {
    const error = new AwsError('ThrottlingException', 'slow down');
    assert.equal(toAwsErrorResponse(error, 'control').status, 400);
    assert.equal(toAwsErrorResponse(error, 'data').status, 429);
  });

  it('unknown errors are unexpected 500s that do not leak their message', () => {
    const cp = toAwsErrorResponse(new Error('secret internals'), 'control');
    const dp = toAwsErrorResponse('thrown string', 'data');
    assert.deepEqual([cp.name, cp.status, cp.unexpected], ['InternalFailureException', 500, true]);
    assert.deepEqual([dp.name, dp.status, dp.unexpected], ['InternalServerException', 500, true]);
    assert.equal(cp.body.message.includes('secret'), false);
  });

  it('framework rejections: unknown route 404, oversized body keeps 413', () => {
    const notFound = toAwsErrorResponse(new NotFoundException('Cannot GET /nope'), 'control');
    assert.deepEqual([notFound.name, notFound.status], ['UnknownOperationException', 404]);
    const tooLarge = toAwsErrorResponse(new PayloadTooLargeException('Request body is too large'), 'data');
    assert.deepEqual([tooLarge.name, tooLarge.status], ['InvalidRequestException', 413]);
    assert.equal(toAwsErrorResponse(new InvalidRequestError('bad'), 'data').status, 400);
  });

  it('database connection failures are 503 ServiceUnavailableException', () => {
    const pgError = (code: string) => Object.assign(new Error('pg'), { code });
    for (const error of [
      pgError('ECONNREFUSED'),
      pgError('57P01'),
      pgError('08006'),
      pgError('53300'),
      new Error('timeout exceeded when trying to connect'),
      new AggregateError([pgError('ECONNREFUSED')], 'connect failed'),
      new Error('append failed', { cause: pgError('57P01') }),
    ]) {
      assert.equal(isDatabaseUnavailableError(error), true, String((error as { code?: string }).code ?? error.message));
      const response = toAwsErrorResponse(error, 'control');
      assert.deepEqual([response.name, response.status], ['ServiceUnavailableException', 503]);
    }
    for (const error of [pgError('23505'), pgError('42P01'), new Error('boom'), 'ECONNREFUSED']) {
      assert.equal(isDatabaseUnavailableError(error), false);
    }
  });
});

describe('empty path labels', () => {
  it('recognises // and a trailing slash, but not the root or a plain path', async () => {
    const { hasEmptyPathLabel } = await import('#jobs/http');
    for (const url of ['/things//jobs', '/things/t/jobs/', '/jobs/?maxResults=1', '/data-plane/things//jobs/x']) {
      assert.equal(hasEmptyPathLabel(url), true, url);
    }
    for (const url of ['/', '/jobs', '/things/t/jobs?nextToken=a//b', '/data-plane/things/t/jobs/$next']) {
      assert.equal(hasEmptyPathLabel(url), false, url);
    }
  });
});
