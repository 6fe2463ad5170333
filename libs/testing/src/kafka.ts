/**
 * The Kafka brokers the test run was given. `scripts/run-tests.mjs` resolves them (explicit
 * KAFKA_BROKERS, testcontainers, or the local broker from scripts/kafka/start.sh) and passes them
 * down as KAFKA_BROKERS. Tests that need Kafka fail, not skip, when it is missing.
 */
export function testKafkaBrokers(): string[] {
  const brokers = (process.env.KAFKA_BROKERS ?? '')
    .split(',')
    .map((broker) => broker.trim())
    .filter((broker) => broker.length > 0);
  if (brokers.length === 0) {
    throw new Error(
      'KAFKA_BROKERS is not set: run the tests with `npm test`, or start a broker with ' +
        '`scripts/kafka/start.sh` and export the KAFKA_BROKERS line it prints',
    );
  }
  return brokers;
}
