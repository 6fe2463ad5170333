import mqtt, { type MqttClient } from 'mqtt';

export interface BrokerSettings {
  /** `mqtt://host:port` or `mqtts://host:port`. */
  url: string;
  clientId: string;
  username?: string;
  password?: string;
  /** How long a QoS 1 publish may wait for the broker's acknowledgement before it counts as failed. */
  publishTimeoutMs?: number;
  /** Connection problems; the client keeps reconnecting on its own. */
  onError?: (error: unknown) => void;
}

const RECONNECT_PERIOD_MS = 1_000;
const DEFAULT_PUBLISH_TIMEOUT_MS = 5_000;

/**
 * The service's one connection to the broker, as an ordinary MQTT 5 client. It connects in the
 * background and keeps reconnecting, so a broker that is down never blocks start-up or the HTTP
 * API. Replies are QoS 0 and dropped while disconnected (the device's request times out and it
 * asks again); notifications are QoS 1 and fail fast while disconnected, so their caller retries.
 */
export class BrokerConnection {
  private readonly client: MqttClient;
  private readonly publishTimeoutMs: number;
  private readonly subscriptions = new Set<string>();

  constructor(settings: BrokerSettings) {
    this.publishTimeoutMs = settings.publishTimeoutMs ?? DEFAULT_PUBLISH_TIMEOUT_MS;
    this.client = mqtt.connect(settings.url, {
      protocolVersion: 5,
      clientId: settings.clientId,
      ...(settings.username !== undefined ? { username: settings.username } : {}),
      ...(settings.password !== undefined ? { password: settings.password } : {}),
      clean: true,
      reconnectPeriod: RECONNECT_PERIOD_MS,
      connectTimeout: 5_000,
      // Subscriptions are made again on every connect (below), with their options.
      resubscribe: false,
      // A reply queued during an outage would reach a device long after it gave up.
      queueQoSZero: false,
    });
    this.client.on('error', (error) => settings.onError?.(error));
    this.client.on('connect', () => {
      // The reply to a request follows the PUBACK for it on this socket: without TCP_NODELAY,
      // Nagle's algorithm holds the reply until the broker's delayed ACK, about 40 ms on Linux.
      (this.client.stream as { setNoDelay?: (noDelay: boolean) => void }).setNoDelay?.(true);
      for (const filter of this.subscriptions) void this.subscribeNow(filter, settings.onError);
    });
  }

  get connected(): boolean {
    return this.client.connected;
  }

  /** Every message of every subscription goes to `onMessage`. */
  onMessage(onMessage: (topic: string, payload: Buffer) => void): void {
    this.client.on('message', (topic, payload) => onMessage(topic, payload));
  }

  /**
   * Subscribes now and after every reconnect, until `unsubscribe`. `nl` (no local): the service
   * never receives what it publishes itself on the same topics.
   */
  subscribe(filter: string, onError?: (error: unknown) => void): void {
    if (this.subscriptions.has(filter)) return;
    this.subscriptions.add(filter);
    if (this.client.connected) void this.subscribeNow(filter, onError);
  }

  /** Ends a subscription; messages the broker already sent may still arrive. */
  unsubscribe(filter: string, onError?: (error: unknown) => void): void {
    if (!this.subscriptions.delete(filter)) return;
    if (this.client.connected) this.client.unsubscribeAsync(filter).catch((error: unknown) => onError?.(error));
  }

  /** Whether the service asked for this subscription (it is made again on every reconnect). */
  isSubscribed(filter: string): boolean {
    return this.subscriptions.has(filter);
  }

  /** QoS 0, not retained; lost if the broker is unreachable right now. */
  publishReply(topic: string, payload: object): void {
    if (!this.client.connected) return;
    this.client.publish(topic, JSON.stringify(payload), { qos: 0, retain: false });
  }

  /** QoS 1, not retained; resolves once the broker has acknowledged it, otherwise rejects. */
  async publishNotification(topic: string, payload: object): Promise<void> {
    if (!this.client.connected) throw new Error(`MQTT broker not connected; cannot publish ${topic}`);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`MQTT broker did not acknowledge ${topic} within ${this.publishTimeoutMs} ms`)),
        this.publishTimeoutMs,
      );
    });
    try {
      await Promise.race([this.client.publishAsync(topic, JSON.stringify(payload), { qos: 1, retain: false }), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    await this.client.endAsync(true).catch(() => undefined);
  }

  private async subscribeNow(filter: string, onError?: (error: unknown) => void): Promise<void> {
    try {
      const granted = await this.client.subscribeAsync(filter, { qos: 1, nl: true });
      const refused = granted.find((grant) => grant.qos > 2);
      if (refused) onError?.(new Error(`The broker refused the subscription to ${filter} (reason ${refused.qos})`));
    } catch (error) {
      onError?.(error);
    }
  }
}
