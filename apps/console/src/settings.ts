/** What the service tells the console before sign-in (GET settings.json next to the page). */
export interface ConsoleSettings {
  region: string;
  historyApiUrl: string | null;
  /** False when the service runs without Kafka: no history consumer can be receiving its events. */
  eventsPublished: boolean;
}

export async function fetchSettings(): Promise<ConsoleSettings> {
  const response = await fetch(new URL('settings.json', document.baseURI));
  if (!response.ok) throw new Error(`The service did not give the console its settings (HTTP ${response.status}).`);
  return (await response.json()) as ConsoleSettings;
}
