import { lazy, Suspense, useEffect, useState } from 'react';
import { ConnectionBanner } from '../components/ConnectionBanner';
import { ErrorNotice } from '../components/ErrorNotice';
import { ExecutionsPage } from '../pages/ExecutionsPage';
import { SchedulePage } from '../pages/SchedulePage';
import { SchedulesPage } from '../pages/SchedulesPage';
import { SignInPage } from '../pages/SignInPage';
import { StateMachinesPage } from '../pages/StateMachinesPage';
import { WebhooksPage } from '../pages/WebhooksPage';
import { ApiKeysPage } from '../pages/admin/ApiKeysPage';
import { AuditLogPage } from '../pages/admin/AuditLogPage';
import { UsersPage } from '../pages/admin/UsersPage';
import { currentSession, onSessionChange, resumeSession, signOut, type Session } from '../session/session';
import { Link, useLocation, type Place } from './router';

// The graph's layout engine (ELK) is most of the bundle: it loads with the first execution page.
const ExecutionPage = lazy(() =>
  import('../pages/ExecutionPage').then((module) => ({ default: module.ExecutionPage })),
);
const StateMachinePage = lazy(() =>
  import('../pages/StateMachinePage').then((module) => ({ default: module.StateMachinePage })),
);

// GraphiQL and its editor (Monaco) weigh more than the rest of the console: they load with /graphiql.
const GraphiqlPage = lazy(() =>
  import('../pages/GraphiqlPage').then((module) => ({ default: module.GraphiqlPage })),
);

/** The page a signed-in user sees at `place`. */
function Page({ place, session }: { place: Place; session: Session }) {
  const { path } = place;
  if (path === '/' || path === '/executions') return <ExecutionsPage place={place} />;
  const execution = /^\/executions\/([^/]+)$/.exec(path);
  if (execution)
    return <ExecutionPage key={execution[1]} id={decodeURIComponent(execution[1]!)} user={session.user} />;
  if (path === '/state-machines') return <StateMachinesPage place={place} user={session.user} />;
  const machine = /^\/state-machines\/([^/]+)$/.exec(path);
  if (machine)
    return <StateMachinePage key={machine[1]} name={decodeURIComponent(machine[1]!)} user={session.user} />;
  if (path === '/schedules') return <SchedulesPage place={place} user={session.user} />;
  const schedule = /^\/schedules\/([^/]+)$/.exec(path);
  if (schedule)
    return <SchedulePage key={schedule[1]} id={decodeURIComponent(schedule[1]!)} user={session.user} />;
  if (path === '/webhooks') return <WebhooksPage user={session.user} />;
  if (path === '/admin/users') return <UsersPage user={session.user} />;
  if (path === '/admin/api-keys') return <ApiKeysPage user={session.user} />;
  if (path === '/admin/audit') return <AuditLogPage user={session.user} place={place} />;
  if (path === '/graphiql') return <GraphiqlPage />;
  return (
    <>
      <h1>Not found</h1>
      <p>
        There is no page at {path}. <Link href="/executions">See the executions</Link>.
      </p>
    </>
  );
}

function Shell({ session, children }: { session: Session; children: React.ReactNode }) {
  const [signingOut, setSigningOut] = useState(false);
  return (
    <>
      <a className="skip-link" href="#content">
        Skip to content
      </a>
      <header className="top-bar">
        <Link href="/executions" className="brand">
          Stepgraph
        </Link>
        <nav aria-label="Main">
          <Link href="/executions">Executions</Link>
          <Link href="/state-machines">State machines</Link>
          <Link href="/schedules">Schedules</Link>
          <Link href="/webhooks">Webhooks</Link>
          {session.user.role === 'admin' && <Link href="/admin/users">Admin</Link>}
          {/* A page load, not a client-side step: /graphiql is served with its own CSP (inline styles). */}
          <a href="/graphiql">GraphiQL</a>
        </nav>
        <span className="who">
          {session.user.email} <span className="muted">({session.user.role})</span>
        </span>
        <button
          type="button"
          disabled={signingOut}
          onClick={() => {
            setSigningOut(true);
            void signOut().finally(() => setSigningOut(false));
          }}
        >
          Sign out
        </button>
      </header>
      <ConnectionBanner />
      <main id="content">
        <Suspense fallback={<p role="status">Loading…</p>}>{children}</Suspense>
      </main>
    </>
  );
}

/** Resumes the session from its cookie on load, then shows the sign-in or the page of the URL. */
export function App() {
  const [session, setSession] = useState<Session | null>(currentSession);
  const [resuming, setResuming] = useState(true);
  const [problem, setProblem] = useState<unknown>(null);
  const place = useLocation();

  useEffect(() => {
    const stop = onSessionChange(setSession);
    resumeSession()
      .catch((error: unknown) => setProblem(error))
      .finally(() => setResuming(false));
    return stop;
  }, []);

  if (resuming) return <p role="status">Loading…</p>;
  if (!session) {
    return (
      <>
        {problem ? <ErrorNotice error={problem} action="The session could not be resumed" /> : null}
        <SignInPage />
      </>
    );
  }
  return (
    <Shell session={session}>
      <Page place={place} session={session} />
    </Shell>
  );
}
