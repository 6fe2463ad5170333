import 'uplot/dist/uPlot.min.css';
import './styles.css';
import { render } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { controlPlaneClient } from './aws.js';
import type { ConsoleContext } from './context.js';
import { links } from './format.js';
import { historyAccess } from './history.js';
import { ExecutionPage } from './pages/execution.js';
import { JobPage } from './pages/job.js';
import { JobsPage } from './pages/jobs.js';
import { SignInPage } from './pages/sign-in.js';
import { useRoute, type Route } from './router.js';
import { clearSession, loadSession, saveSession, type Session } from './session.js';
import { fetchSettings, type ConsoleSettings } from './settings.js';

function App() {
  const [settings, setSettings] = useState<ConsoleSettings>();
  const [settingsError, setSettingsError] = useState<string>();
  const [session, setSession] = useState<Session | undefined>(loadSession);
  const route = useRoute();
  useEffect(() => {
    fetchSettings().then(setSettings, (error: unknown) => setSettingsError(error instanceof Error ? error.message : String(error)));
  }, []);
  const context = useMemo<ConsoleContext | undefined>(
    () => (session && settings ? { session, iot: controlPlaneClient(session), history: historyAccess(settings, session) } : undefined),
    [session, settings],
  );
  useEffect(() => () => context?.iot.destroy(), [context]);
  useFocusOnNavigation(route, Boolean(context));

  const signOut = () => {
    clearSession();
    setSession(undefined);
  };
  return (
    <>
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <header class="top">
        <a class="brand" href={links.jobs()}>
          IoT Jobs console
        </a>
        {context ? (
          <div class="who">
            <span>
              Signed in as <strong>{context.session.accessKeyId}</strong> ({context.session.region})
            </span>
            <button type="button" onClick={signOut}>
              Sign out
            </button>
          </div>
        ) : null}
      </header>
      <main id="main" tabIndex={-1}>
        {settingsError ? (
          <div class="notice notice-error" role="alert">
            {settingsError}
          </div>
        ) : !settings ? (
          <p>Loading…</p>
        ) : !context ? (
          <SignInPage
            settings={settings}
            onSignedIn={(s) => {
              saveSession(s);
              setSession(s);
            }}
          />
        ) : (
          <Page route={route} context={context} />
        )}
      </main>
    </>
  );
}

function Page({ route, context }: { route: Route; context: ConsoleContext }) {
  switch (route.page) {
    case 'jobs':
      return <JobsPage context={context} />;
    case 'job':
      return <JobPage key={route.jobId} context={context} jobId={route.jobId} />;
    case 'execution':
      return <ExecutionPage key={`${route.jobId}/${route.thingName}`} context={context} jobId={route.jobId} thingName={route.thingName} />;
    default:
      return (
        <section>
          <h1 id="page-title" tabIndex={-1}>
            Page not found
          </h1>
          <p>
            <a href={links.jobs()}>Go to the jobs</a>
          </p>
        </section>
      );
  }
}

/** After navigation, focus moves to the new page's title, so keyboard and screen-reader users start there. */
function useFocusOnNavigation(route: Route, signedIn: boolean): void {
  const key = JSON.stringify(route) + String(signedIn);
  useEffect(() => {
    const title = document.getElementById('page-title');
    if (title) {
      title.focus();
      document.title = `${title.textContent ?? ''} · IoT Jobs console`;
    }
  }, [key]);
}

// The page's "Loading" placeholder is replaced, not kept above the app.
const root = document.getElementById('app')!;
root.textContent = '';
render(<App />, root);
