import kafkajs from 'kafkajs';
import type { Kafka, LogEntry, logCreator } from 'kafkajs';

const { Kafka: KafkaClient, logLevel: KafkaLogLevel } = kafkajs;

export type MessagingLogLevel = 'nothing' | 'error' | 'warn' | 'info' | 'debug';

/** One line of KafkaJS logging, reduced to what a log sink needs. */
export interface MessagingLogLine {
  level: Exclude<MessagingLogLevel, 'nothing'>;
  namespace: string;
  message: string;
  details: Record<string, unknown>;
}

export interface KafkaSettings {
  /** host:port pairs, e.g. from parseBrokers(process.env.KAFKA_BROKERS). */
  brokers: string[];
  clientId: string;
  /** Default 'warn': KafkaJS is chatty at info. */
  logLevel?: MessagingLogLevel;
  /** Where log lines go; default one line each on stderr. */
  log?: (line: MessagingLogLine) => void;
  connectionTimeoutMs?: number;
  requestTimeoutMs?: number;
}

const toKafkaJsLevel = {
  nothing: KafkaLogLevel.NOTHING,
  error: KafkaLogLevel.ERROR,
  warn: KafkaLogLevel.WARN,
  info: KafkaLogLevel.INFO,
  debug: KafkaLogLevel.DEBUG,
} as const satisfies Record<MessagingLogLevel, number>;

function levelName(level: number): MessagingLogLine['level'] {
  if (level <= KafkaLogLevel.ERROR) return 'error';
  if (level === KafkaLogLevel.WARN) return 'warn';
  if (level === KafkaLogLevel.INFO) return 'info';
  return 'debug';
}

function writeToStderr(line: MessagingLogLine): void {
  const details = Object.keys(line.details).length > 0 ? ` ${JSON.stringify(line.details)}` : '';
  process.stderr.write(`kafkajs ${line.level.toUpperCase()} [${line.namespace}] ${line.message}${details}\n`);
}

/**
 * KafkaJS logs every error *response* from a broker at ERROR in its Connection layer, including
 * the retriable ones a fresh broker gives while its coordinators load ("The coordinator is
 * loading"). The caller retries those or rejects with the final error, so at the connection level
 * they are debug detail, not errors.
 */
function isRetriedResponseError(namespace: string, level: number, message: string): boolean {
  return namespace === 'Connection' && level === KafkaLogLevel.ERROR && message.startsWith('Response ');
}

function logCreatorFor(sink: (line: MessagingLogLine) => void, threshold: number): logCreator {
  return () =>
    ({ namespace, level, log }: LogEntry) => {
      // timestamp and logger are noise for a sink that stamps its own lines.
      const { message, timestamp: _timestamp, logger: _logger, ...details } = log;
      const effective = isRetriedResponseError(namespace, level, message) ? KafkaLogLevel.DEBUG : level;
      if (effective > threshold) return;
      sink({ level: levelName(effective), namespace, message, details });
    };
}

/** Splits "host1:9092,host2:9092" into a broker list; blank entries are ignored. */
export function parseBrokers(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((broker) => broker.trim())
    .filter((broker) => broker.length > 0);
}

/** A KafkaJS client with quiet logging; all connection settings come from the caller. */
export function createKafka(settings: KafkaSettings): Kafka {
  if (settings.brokers.length === 0) {
    throw new Error('createKafka: at least one broker (host:port) is required');
  }
  const threshold = toKafkaJsLevel[settings.logLevel ?? 'warn'];
  return new KafkaClient({
    clientId: settings.clientId,
    brokers: settings.brokers,
    connectionTimeout: settings.connectionTimeoutMs,
    requestTimeout: settings.requestTimeoutMs,
    // Demoting only ever lowers severity, so KafkaJS's own filter at the same level loses nothing.
    logLevel: threshold,
    logCreator: logCreatorFor(settings.log ?? writeToStderr, threshold),
  });
}
