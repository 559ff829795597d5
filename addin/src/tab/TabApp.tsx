import { Badge, Button, makeStyles, MessageBar, MessageBarBody, MessageBarTitle, ProgressBar, Spinner, tokens } from '@fluentui/react-components';
import { lazy, Suspense, type ReactNode } from 'react';
import type { Http } from '../api/client';
import { STATUS_LABELS } from '../shared/labels';
import { formatDate, formatDateTime, formatLocalDate } from '../shared/time';
import { SignIn } from '../shared-ui/SignIn';
import type { TabHost } from '../teams/host';
import type { LeadershipDashboard } from './load';
import { NetworkDiagram } from './NetworkDiagram';
import { useDashboard } from './useDashboard';

// The chart is below the fold and the heaviest view: its own chunk, loaded after the first render.
const TrendChart = lazy(() => import('./TrendChart'));

export interface TabDeps {
  http: Http;
  host: TabHost;
  accountId: string;
  firstLoad: Promise<LeadershipDashboard>;
}

type Dashboard = LeadershipDashboard;
type AgendaItem = Dashboard['unscheduledItems'][number];
type DelegationStatus = keyof Dashboard['delegations']['byStatus'];

const useStyles = makeStyles({
  main: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalL}`, maxWidth: '80rem' },
  header: { display: 'flex', flexWrap: 'wrap', alignItems: 'baseline', gap: tokens.spacingHorizontalM },
  grid: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(22rem, 1fr))', gap: tokens.spacingHorizontalL },
  card: {
    backgroundColor: tokens.colorNeutralBackground1,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    padding: tokens.spacingHorizontalM,
    minWidth: 0,
    overflowX: 'auto',
  },
  list: { listStyleType: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  row: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: tokens.spacingHorizontalS },
  muted: { color: tokens.colorNeutralForeground2 },
  columns: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(11rem, 1fr))', gap: tokens.spacingHorizontalS },
  column: { backgroundColor: tokens.colorNeutralBackground2, borderRadius: tokens.borderRadiusMedium, padding: tokens.spacingHorizontalS },
  ticket: { backgroundColor: tokens.colorNeutralBackground1, borderRadius: tokens.borderRadiusSmall, padding: tokens.spacingHorizontalS, border: `1px solid ${tokens.colorNeutralStroke2}` },
  overdue: { borderLeft: `4px solid ${tokens.colorPaletteRedBorder2}` },
  table: { borderCollapse: 'collapse', width: '100%', '& th, & td': { border: `1px solid ${tokens.colorNeutralStroke2}`, padding: tokens.spacingHorizontalXS, textAlign: 'left' } },
  unowned: { backgroundColor: tokens.colorPaletteYellowBackground2 },
  owned: { fontWeight: tokens.fontWeightSemibold, textAlign: 'center' },
});

export function TabApp({ http, host, accountId, firstLoad }: TabDeps) {
  const styles = useStyles();
  const { state, reload } = useDashboard(http, accountId, firstLoad);
  return (
    <main className={styles.main} aria-busy={state.status === 'loading'} data-host={host.kind}>
      {state.status === 'loading' && <Spinner label="Loading the leadership dashboard…" />}
      {state.status === 'signed-out' && <SignIn what="the leadership dashboard" onSignedIn={reload} />}
      {state.status === 'error' && (
        <MessageBar intent="error" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>The dashboard could not load</MessageBarTitle>
            {state.message} <Button onClick={reload}>Try again</Button>
          </MessageBarBody>
        </MessageBar>
      )}
      {state.status === 'ready' && <DashboardView dashboard={state.dashboard} />}
    </main>
  );
}

function Section({ title, children, className }: { title: string; children: ReactNode; className?: string }) {
  const styles = useStyles();
  const id = `section-${title.toLowerCase().replace(/[^a-z]+/g, '-')}`;
  return (
    <section className={className ?? styles.card} aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}

function DashboardView({ dashboard }: { dashboard: Dashboard }) {
  const styles = useStyles();
  return (
    <>
      <header className={styles.header}>
        <h1>{dashboard.account.name}: leadership dashboard</h1>
        {dashboard.accountableLead && <span className={styles.muted}>Accountable lead: {dashboard.accountableLead.name}</span>}
      </header>
      {dashboard.account.purpose && <p>{dashboard.account.purpose}</p>}
      <div className={styles.grid}>
        <AgendaBoard dashboard={dashboard} />
        <Reviews dashboard={dashboard} />
        <Matrix dashboard={dashboard} />
        <Goals dashboard={dashboard} />
      </div>
      <Delegations dashboard={dashboard} />
      <Section title="Communication network">
        <NetworkDiagram network={dashboard.network} />
      </Section>
    </>
  );
}

const KIND_LABELS: Record<AgendaItem['kind'], string> = { tension: 'Tensions', decision: 'Decisions', initiative: 'Initiatives', update: 'Updates' };
const KIND_ORDER: AgendaItem['kind'][] = ['tension', 'decision', 'initiative', 'update'];

function AgendaBoard({ dashboard }: { dashboard: Dashboard }) {
  const styles = useStyles();
  const meeting = dashboard.nextMeeting;
  const items = meeting ? meeting.items : dashboard.unscheduledItems;
  const impactSlot = meeting?.agenda.some((slot) => slot.kind === 'impact') ?? false;
  return (
    <Section title="Agenda">
      {meeting ? (
        <p>
          {meeting.title}, {formatDateTime(meeting.scheduledAt)} ({meeting.durationMinutes} min)
        </p>
      ) : (
        <p className={styles.muted}>No meeting scheduled; items raised so far:</p>
      )}
      {items.length === 0 && <p className={styles.muted}>Nothing on the agenda yet.</p>}
      {KIND_ORDER.filter((kind) => items.some((item) => item.kind === kind)).map((kind) => (
        <div key={kind}>
          <h3>{KIND_LABELS[kind]}</h3>
          <ul className={styles.list} aria-label={KIND_LABELS[kind]}>
            {items
              .filter((item) => item.kind === kind)
              .map((item) => (
                <li key={item.id} className={styles.ticket}>
                  <div>{item.title}</div>
                  <div className={styles.muted}>
                    Impact answers: {item.impactAnswers.answered} of {item.impactAnswers.expected}
                    {item.impactAnswers.waitingFor.length > 0 && ` (waiting for ${item.impactAnswers.waitingFor.map((person) => person.name).join(', ')})`}
                  </div>
                </li>
              ))}
          </ul>
        </div>
      ))}
      {meeting && (
        <p>
          <Badge appearance="tint" color={impactSlot ? 'success' : 'warning'}>
            {impactSlot ? 'Impact slot reserved' : 'No impact slot yet'}
          </Badge>
        </p>
      )}
    </Section>
  );
}

function Reviews({ dashboard }: { dashboard: Dashboard }) {
  const styles = useStyles();
  const { latest, open, trend } = dashboard.reviews;
  return (
    <Section title="Review results">
      {latest ? (
        <>
          <p>
            {latest.cycle}: {latest.answered} of {latest.leaders} leaders answered{latest.roleClarity !== null && `, role clarity ${latest.roleClarity}`}
          </p>
          <ul className={styles.list} aria-label="Standards">
            {latest.standards.map((standard) => (
              <li key={standard.id} className={styles.row}>
                <span>{standard.text}</span>
                <strong>{standard.average ?? '–'}</strong>
                {standard.slipping && <Badge color="danger">Slipping</Badge>}
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p className={styles.muted}>No review has closed yet.</p>
      )}
      {open && (
        <p>
          Open review {open.cycle}: {open.answered} of {open.leaders} answered, closes {formatLocalDate(open.deadline)}.
        </p>
      )}
      <h3>Trend</h3>
      <Suspense fallback={<Spinner size="tiny" label="Loading the chart…" />}>
        <TrendChart trend={trend} />
      </Suspense>
    </Section>
  );
}

function Matrix({ dashboard }: { dashboard: Dashboard }) {
  const styles = useStyles();
  const { owners, rows, unownedCount } = dashboard.responsibilityMatrix;
  return (
    <Section title="Responsibility matrix">
      <p>{unownedCount === 0 ? 'Everything has an owner.' : `${unownedCount} without an owner.`}</p>
      <table className={styles.table} aria-label="Responsibility matrix">
        <thead>
          <tr>
            <th scope="col">Responsibility</th>
            {owners.map((owner) => (
              <th key={owner.id} scope="col">
                {owner.name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id} className={row.unowned ? styles.unowned : undefined} data-unowned={row.unowned || undefined}>
              <th scope="row">
                {row.what}
                {row.unowned && (
                  <>
                    {' '}
                    <Badge color="warning">No owner</Badge>
                  </>
                )}
              </th>
              {owners.map((owner) => (
                <td key={owner.id} className={styles.owned}>
                  {row.ownerId === owner.id ? <span aria-label={`Owned by ${owner.name}`}>●</span> : ''}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </Section>
  );
}

function Goals({ dashboard }: { dashboard: Dashboard }) {
  const styles = useStyles();
  return (
    <Section title="Goals">
      <ul className={styles.list} aria-label="Goals">
        {dashboard.goals.map((goal) => {
          const share = Math.max(0, Math.min(1, (goal.percentOfTarget ?? 0) / 100));
          const id = `goal-${goal.id}`;
          return (
            <li key={goal.id}>
              <div id={id}>{goal.title}</div>
              <ProgressBar aria-labelledby={id} value={share} max={1} thickness="large" color={goal.overdue ? 'error' : 'brand'} />
              <div className={styles.muted}>
                {goal.latestValue ?? 0}
                {goal.unit} of {goal.target}
                {goal.unit} · due {formatDate(goal.dueDate)}
                {goal.owner && ` · ${goal.owner.name}`}
                {goal.overdue && ' · overdue'}
              </div>
            </li>
          );
        })}
      </ul>
    </Section>
  );
}

const STATUS_ORDER: DelegationStatus[] = ['active', 'at_risk', 'blocked', 'done', 'cancelled'];

function Delegations({ dashboard }: { dashboard: Dashboard }) {
  const styles = useStyles();
  const { byStatus, overdue, checkInOverdue } = dashboard.delegations;
  return (
    <Section title="Delegations">
      <p>
        {overdue} overdue, {checkInOverdue} with a check-in overdue.
      </p>
      <div className={styles.columns}>
        {STATUS_ORDER.map((status) => (
          <div key={status} className={styles.column}>
            <h3>
              {STATUS_LABELS[status]} ({byStatus[status].length})
            </h3>
            <ul className={styles.list} aria-label={`${STATUS_LABELS[status]} delegations`}>
              {byStatus[status].map((delegation) => (
                <li key={delegation.id} className={delegation.overdue || delegation.checkInOverdue ? `${styles.ticket} ${styles.overdue}` : styles.ticket}>
                  <div>{delegation.objective}</div>
                  <div className={styles.muted}>
                    {delegation.delegate?.name ?? 'Unknown'} · due {formatDate(delegation.dueDate)}
                  </div>
                  <div className={styles.row}>
                    {delegation.overdue && <Badge color="danger">Overdue</Badge>}
                    {delegation.checkInOverdue && <Badge color="warning">Check-in overdue</Badge>}
                  </div>
                </li>
              ))}
            </ul>
          </div>
        ))}
      </div>
    </Section>
  );
}
