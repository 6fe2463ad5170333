import { ListJobsCommand } from '@aws-sdk/client-iot';
import { useState } from 'preact/hooks';
import { controlPlaneClient } from '../aws.js';
import { ErrorNotice } from '../components/notices.js';
import type { Session } from '../session.js';
import type { ConsoleSettings } from '../settings.js';

/**
 * Sign-in checks the credentials with one cheap signed call (ListJobs, one result) before keeping
 * them, so a wrong secret is reported here and not on the first page.
 */
export function SignInPage({ settings, onSignedIn }: { settings: ConsoleSettings; onSignedIn(session: Session): void }) {
  const [form, setForm] = useState<Session>({ accessKeyId: '', secretAccessKey: '', region: settings.region, historyApiUrl: settings.historyApiUrl ?? '' });
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const field = (name: keyof Session) => ({
    id: `sign-in-${name}`,
    name,
    value: form[name],
    onInput: (e: Event) => setForm({ ...form, [name]: (e.target as HTMLInputElement).value.trim() }),
  });

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    const client = controlPlaneClient(form);
    try {
      await client.send(new ListJobsCommand({ maxResults: 1 }));
      onSignedIn(form);
    } catch (failure) {
      setError(failure);
    } finally {
      client.destroy();
      setBusy(false);
    }
  };

  return (
    <section class="sign-in" aria-labelledby="page-title">
      <h1 id="page-title" tabIndex={-1}>
        Sign in
      </h1>
      <p>Use the access key of an operator principal. It is kept in this browser tab only and is forgotten when the tab closes.</p>
      <ErrorNotice error={error} context="Sign-in failed" />
      <form onSubmit={submit}>
        <label for="sign-in-accessKeyId">Access key ID</label>
        <input {...field('accessKeyId')} required autoComplete="username" spellcheck={false} />
        <label for="sign-in-secretAccessKey">Secret access key</label>
        <input {...field('secretAccessKey')} type="password" required autoComplete="current-password" />
        <label for="sign-in-region">Region</label>
        <input {...field('region')} required spellcheck={false} />
        <label for="sign-in-historyApiUrl">Audit-history API URL (optional)</label>
        <input {...field('historyApiUrl')} type="url" placeholder="http://history.example:3100" aria-describedby="history-url-help" />
        <p id="history-url-help" class="help">
          {settings.eventsPublished
            ? 'Where the history consumer serves /history. Leave empty to work without the audit history.'
            : 'This service runs without Kafka, so no history consumer is running; the console works without the audit history.'}
        </p>
        <button type="submit" class="primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </section>
  );
}
