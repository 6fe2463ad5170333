import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** What the Kafka relay reports; the relay calls these, the service only exposes them. */
export interface RelayMetrics {
  /** Events published to Kafka in one batch (drives throughput: rate() over the counter). */
  published(count: number): void;
  /** Events in the store not yet published, measured after each relay pass. */
  lag(events: number): void;
}

/** What a Kafka consumer (e.g. the history consumer) reports about its group. */
export interface ConsumerMetrics {
  lag(group: string, messages: number): void;
}

/** Where a projection or subscription stands in the global event order. */
export interface ProjectionMetrics {
  position(projection: string, globalPosition: number): void;
}

export interface RequestObservation {
  plane: string;
  operation: string;
  status: number;
  seconds: number;
}

/**
 * Every metric the service exposes, on its own registry (no global state, so tests and several
 * apps in one process do not collide). Metric names follow Prometheus conventions:
 * `_seconds` and `_total` suffixes, low-cardinality labels only (no ids, no thing names).
 */
export class ServiceMetrics {
  readonly registry = new Registry();
  private readonly requestSeconds: Histogram<'plane' | 'operation' | 'status'>;
  private readonly appendConflicts: Counter;
  private readonly relayPublished: Counter;
  private readonly relayLag: Gauge;
  private readonly consumerLag: Gauge<'group'>;
  private readonly projectionPosition: Gauge<'projection'>;
  private readonly subscriptionLag: Gauge<'subscription'>;

  constructor(options: { defaultMetrics?: boolean } = {}) {
    if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: this.registry });
    const registers = [this.registry];
    this.requestSeconds = new Histogram({
      name: 'iot_jobs_http_request_duration_seconds',
      help: 'HTTP request latency per AWS operation and response status',
      labelNames: ['plane', 'operation', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    });
    this.appendConflicts = new Counter({
      name: 'iot_jobs_event_store_append_conflicts_total',
      help: 'Appends refused because the stream moved (optimistic concurrency conflicts)',
      registers,
    });
    this.relayPublished = new Counter({
      name: 'iot_jobs_relay_published_events_total',
      help: 'Events the relay published to Kafka',
      registers,
    });
    this.relayLag = new Gauge({
      name: 'iot_jobs_relay_lag_events',
      help: 'Events recorded in the store and not yet published to Kafka',
      registers,
    });
    this.consumerLag = new Gauge({
      name: 'iot_jobs_consumer_lag_messages',
      help: 'Messages a Kafka consumer group has not processed yet',
      labelNames: ['group'],
      registers,
    });
    this.projectionPosition = new Gauge({
      name: 'iot_jobs_projection_position',
      help: 'Global position of the last event a projection or subscription has processed',
      labelNames: ['projection'],
      registers,
    });
    this.subscriptionLag = new Gauge({
      name: 'iot_jobs_subscription_lag_events',
      help: 'Events committed after a store subscription checkpoint (the relay, projectors)',
      labelNames: ['subscription'],
      registers,
    });
  }

  observeRequest(observation: RequestObservation): void {
    const { plane, operation, status, seconds } = observation;
    this.requestSeconds.observe({ plane, operation, status: String(status) }, seconds);
  }

  appendConflict(): void {
    this.appendConflicts.inc();
  }

  readonly relay: RelayMetrics = {
    published: (count) => this.relayPublished.inc(count),
    lag: (events) => this.relayLag.set(events),
  };

  readonly consumer: ConsumerMetrics = {
    lag: (group, messages) => this.consumerLag.set({ group }, messages),
  };

  readonly projections: ProjectionMetrics = {
    position: (projection, globalPosition) => this.projectionPosition.set({ projection }, globalPosition),
  };

  subscriptionLagIs(subscription: string, events: number): void {
    this.subscriptionLag.set({ subscription }, events);
  }

  /** Runs `refresh` before every scrape, e.g. to read positions from the database. */
  refreshBeforeScrape(refresh: () => Promise<void>): void {
    this.refreshers.push(refresh);
  }

  private readonly refreshers: Array<() => Promise<void>> = [];

  async scrape(): Promise<{ contentType: string; body: string }> {
    // A failing refresher (database down) must not hide the metrics that are still known.
    await Promise.allSettled(this.refreshers.map((refresh) => refresh()));
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
