import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { createLogger, PinoNestLogger, prettyByDefault, type ServiceLogLevel } from '#observability';

/** A Nest logger over pino at `level` whose JSON lines are kept in memory. */
function capturedNestLogger(level: ServiceLogLevel) {
  const lines: Array<Record<string, unknown>> = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  // pino writes synchronously to a plain stream, so the lines are there when a call returns.
  const logger = new PinoNestLogger(createLogger({ level, pretty: false, destination }));
  return { logger, lines };
}

/** What Nest says while it starts, with the context it passes. */
const STARTUP_NARRATION: Array<[string, string]> = [
  ['Starting Nest application...', 'NestFactory'],
  ['JobsHttpModule dependencies initialized', 'InstanceLoader'],
  ['JobsController {/jobs}:', 'RoutesResolver'],
  ['Mapped {/jobs/:jobId, PUT} route', 'RouterExplorer'],
  ['Nest application successfully started', 'NestApplication'],
];

describe('PinoNestLogger', () => {
  it("keeps Nest's start-up narration out of the log at the default level, and keeps other messages", () => {
    const { logger, lines } = capturedNestLogger('log');
    for (const [message, context] of STARTUP_NARRATION) logger.log(message, context);
    logger.log('relay started', 'OutboxRelay');
    logger.warn('Kafka unreachable', 'OutboxRelay');
    assert.deepEqual(
      lines.map((line) => [line.level, line.context, line.msg]),
      [
        [30, 'OutboxRelay', 'relay started'],
        [40, 'OutboxRelay', 'Kafka unreachable'],
      ],
    );
  });

  it('writes the narration at debug level when LOG_LEVEL=debug', () => {
    const { logger, lines } = capturedNestLogger('debug');
    for (const [message, context] of STARTUP_NARRATION) logger.log(message, context);
    assert.deepEqual(
      lines.map((line) => [line.level, line.context, line.msg]),
      STARTUP_NARRATION.map(([message, context]) => [20, context, message]),
    );
  });

  it('still writes errors of the same contexts at error level', () => {
    const { logger, lines } = capturedNestLogger('log');
    logger.error('Nest cannot create the AppModule instance', 'stack trace', 'ExceptionHandler');
    logger.error('listen EADDRINUSE', undefined, 'NestApplication');
    assert.deepEqual(
      lines.map((line) => [line.level, line.context]),
      [
        [50, 'ExceptionHandler'],
        [50, 'NestApplication'],
      ],
    );
  });
});

describe('prettyByDefault', () => {
  it('is human-readable only in a terminal outside production', () => {
    assert.equal(prettyByDefault({}, true), true);
    assert.equal(prettyByDefault({ NODE_ENV: 'development' }, true), true);
    assert.equal(prettyByDefault({}, false), false, 'JSON when stdout is a pipe or a file');
    assert.equal(prettyByDefault({ NODE_ENV: 'production' }, true), false, 'JSON in production, even in a terminal');
  });
});
