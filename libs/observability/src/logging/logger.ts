import type { LoggerService, LogLevel as NestLogLevel } from '@nestjs/common';
import { pino, type DestinationStream, type Logger } from 'pino';

/** The service's level names (Nest's), mapped onto pino's. */
export type ServiceLogLevel = 'fatal' | 'error' | 'warn' | 'log' | 'debug' | 'verbose';

const PINO_LEVEL: Record<ServiceLogLevel, pino.Level> = {
  fatal: 'fatal',
  error: 'error',
  warn: 'warn',
  log: 'info',
  debug: 'debug',
  verbose: 'trace',
};

/** Wherever a header could end up in a log line, its secret parts are replaced. */
export const REDACTED_PATHS = [
  'authorization',
  'headers.authorization',
  'req.headers.authorization',
  'request.headers.authorization',
  'headers["x-amz-security-token"]',
  'req.headers["x-amz-security-token"]',
  'secretAccessKey',
  '*.secretAccessKey',
];

export interface LoggerOptions {
  level: ServiceLogLevel;
  /** Human-readable lines instead of JSON; default: NODE_ENV is not production and stdout is a TTY. */
  pretty?: boolean;
  /** Where JSON lines go (tests pass a stream); default stdout. Ignored when pretty. */
  destination?: DestinationStream;
  name?: string;
}

export function prettyByDefault(env: NodeJS.ProcessEnv = process.env, stdoutIsTty = process.stdout.isTTY === true): boolean {
  return env.NODE_ENV !== 'production' && stdoutIsTty;
}

/** One line per entry in a terminal: time, level, `[Context]` when Nest gave one, message; other fields below it. */
const PRETTY_OPTIONS = {
  translateTime: 'SYS:HH:MM:ss.l',
  ignore: 'pid,hostname,name,context',
  messageFormat: '{if context}[{context}] {end}{msg}',
};

/** Structured JSON logs (one object per line), or pino-pretty output for a developer's terminal. */
export function createLogger(options: LoggerOptions): Logger {
  const base = {
    name: options.name ?? 'iot-jobs-service',
    level: PINO_LEVEL[options.level],
    redact: { paths: REDACTED_PATHS, censor: '[REDACTED]' },
  };
  if (options.pretty ?? prettyByDefault()) {
    return pino({ ...base, transport: { target: 'pino-pretty', options: PRETTY_OPTIONS } });
  }
  return options.destination ? pino(base, options.destination) : pino(base);
}

/**
 * Nest's start-up narration: modules initialised, every route mapped, "application started". It
 * helps when wiring goes wrong and buries everything else otherwise, so it is logged at debug.
 */
const NEST_STARTUP_CONTEXTS = new Set(['NestFactory', 'InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestApplication']);

/** Nest's logger interface over pino, so framework messages come out in the same format. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, ...params: unknown[]): void {
    this.write(NEST_STARTUP_CONTEXTS.has(contextOf(params) ?? '') ? 'debug' : 'info', message, params);
  }
  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }
  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }
  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }
  setLogLevels(levels: NestLogLevel[]): void {
    const lowest = (['verbose', 'debug', 'log', 'warn', 'error', 'fatal'] as const).find((l) => levels.includes(l));
    if (lowest) this.logger.level = PINO_LEVEL[lowest];
  }

  /** Nest passes the context (class name) as the last string parameter, and a stack for errors. */
  private write(level: pino.Level, message: unknown, params: unknown[]): void {
    const context = contextOf(params);
    const stack = level === 'error' && typeof params[0] === 'string' && params.length > 1 ? params[0] : undefined;
    const fields = { ...(context ? { context } : {}), ...(stack ? { stack } : {}) };
    if (message instanceof Error) this.logger[level]({ ...fields, err: message }, message.message);
    else if (typeof message === 'object' && message !== null) this.logger[level]({ ...fields, ...message });
    else this.logger[level](fields, String(message));
  }
}

function contextOf(params: unknown[]): string | undefined {
  const last = params.at(-1);
  return typeof last === 'string' ? last : undefined;
}
