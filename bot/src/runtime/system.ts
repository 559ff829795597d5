import { join, resolve } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import type { FastifyInstance } from 'fastify';
import { demoFirm, DEMO_TENANT_ID } from '../../../core/demo/demo-firm';
import { OPEN_DELEGATION_STATUSES } from '../../../core/domain/delegation';
import { AccountNotesService } from '../../../core/services/account-notes-service';
import { AuditLog } from '../../../core/services/audit-log';
import { CsvImportService } from '../../../core/services/csv-import-service';
import { DashboardService } from '../../../core/services/dashboard-service';
import { DelegationService } from '../../../core/services/delegation-service';
import { LeadershipService } from '../../../core/services/leadership-service';
import { ProcessConfigService } from '../../../core/services/process-config-service';
import { AccountContextReader } from '../../../core/services/account-context-reader';
import { TenantPeople } from '../../../core/services/tenant-people';
import type { Store } from '../../../core/store/ports';
import { seedRecords } from '../../../core/store/seed';
import { nativeConnectionOptions, startTemporal, type TemporalRuntime } from '../../../infra/local/temporal-runtime';
import { TemporalDelegationFollowUps } from '../../../workflows/src/client/delegation-follow-up-gateway';
import { TemporalCsvImports } from '../../../workflows/src/client/import-gateway';
import { TemporalLeadershipProcesses } from '../../../workflows/src/client/leadership-gateway';
import { TemporalProcessSchedules } from '../../../workflows/src/schedules/schedule-sync';
import { createWorker, installWorkerLogging } from '../../../workflows/src/worker';
import { buildApp, type ComponentHealth, type HealthReport } from '../api/app';
import { clientAuthConfig } from '../auth/client-auth';
import { createAuthenticator } from '../api/authenticate';
import { LOCAL_AUDIENCE, LOCAL_SCOPE, LocalIssuer, localIssuerFor, localIssuerKeyPath } from '../auth/local-issuer';
import { PrincipalResolver } from '../auth/principal-resolver';
import { createEntraKeySet, entraIssuerFor, ENTRA_SCOPE } from '../auth/entra';
import { createTokenVerifier } from '../auth/token-verifier';
import type { AppConfig } from '../config';
import { createTeamsBot } from '../teams/teams-bot';
import { openStore } from './open-store';

export interface RunningSystem {
  app: FastifyInstance;
  url: string;
  temporalUiUrl?: string;
  store: Store;
  client: Client;
  localIssuer?: LocalIssuer;
  stop(): Promise<void>;
}

const WORKER_LOG_LEVELS = { fatal: 'ERROR', error: 'ERROR', warn: 'WARN', info: 'WARN', debug: 'DEBUG', trace: 'TRACE', silent: 'ERROR' } as const;

const REPO_ROOT = resolve(__dirname, '..', '..', '..');

/**
 * Starts every piece in dependency order — store, Temporal, worker, HTTP — and returns one stop() that
 * takes them down in reverse. Used by `npm start` and by the end-to-end tests alike.
 */
export async function startSystem(config: AppConfig, log: (line: string) => void): Promise<RunningSystem> {
  const stack: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const step of stack.reverse()) await step().catch((error) => log(`shutdown step failed: ${String(error)}`));
  };
  try {
    log(`Opening the ${config.store.engine} store…`);
    const store = await openStore(config.store);
    stack.push(() => store.close());

    const temporal: TemporalRuntime = await startTemporal({ ...config.temporal }, log);
    stack.push(() => temporal.stop());
    const connection = await Connection.connect(temporal.connectionOptions);
    stack.push(() => connection.close());
    const client = new Client({ connection, namespace: temporal.namespace });
    // The firm's people, cached once for the bot (who is speaking) and the API (who is calling).
    const people = new TenantPeople(store);
    stack.push(async () => people.close());

    // --- Teams bot: conversation references, proactive delivery (the worker's messenger), /api/messages ---
    const conversationLog = (message: string, error?: unknown) => log(`${message}${error ? `: ${String(error)}` : ''}`);
    const followUps = new TemporalDelegationFollowUps(client, config.temporal.taskQueue);
    const leadershipProcesses = new TemporalLeadershipProcesses(client, config.temporal.taskQueue);
    const teams = createTeamsBot({ store, credentials: config.bot, leadershipProcesses, followUps, people, tabUrl: config.tabUrl, log: conversationLog });
    // --- end Teams bot ---

    let worker: Worker | undefined;
    let workerRun: Promise<void> | undefined;
    if (config.runWorker) {
      log('Starting the workflow worker (bundling workflows)…');
      installWorkerLogging(WORKER_LOG_LEVELS[config.logLevel]);
      const workerConnection = await NativeConnection.connect(nativeConnectionOptions(temporal.connectionOptions));
      worker = await createWorker({ connection: workerConnection, namespace: temporal.namespace, taskQueue: config.temporal.taskQueue, store, messenger: teams.messenger, ...config.worker });
      workerRun = worker.run();
      workerRun.catch((error) => log(`worker stopped with an error: ${String(error)}`));
      stack.push(async () => {
        if (worker!.getState() === 'RUNNING') worker!.shutdown();
        await workerRun!.catch(() => undefined);
        await workerConnection.close();
      });
    }

    if (config.seedDemo) await seedDemoFirm(store, followUps, log);

    // --- process schedules: one Temporal Schedule per process config, reconciled with the store at every start ---
    const processSchedules = new TemporalProcessSchedules(client, config.temporal.taskQueue);
    await reconcileProcessSchedules(processSchedules, store, log);
    const processConfigs = new ProcessConfigService(store, processSchedules, {
      onSyncFailure: (ref, error) => log(`process config ${ref}: schedule sync failed (${String(error)}); the next start-up reconciles it`),
    });
    // --- end process schedules ---

    const { verify, localIssuer } = await tokenVerification(config);
    const authenticate = createAuthenticator(verify, new PrincipalResolver(store, people));
    const delegations = new DelegationService(store, followUps);
    const leadership = new LeadershipService(store, leadershipProcesses);
    const contexts = new AccountContextReader(store, { cacheBytes: config.contextCacheBytes });
    stack.push(async () => contexts.close());

    const app = await buildApp({
      clientAuth: clientAuthConfig(config),
      store,
      contexts,
      delegations,
      processConfigs,
      accountNotes: new AccountNotesService(store),
      audit: new AuditLog(store),
      leadership,
      dashboard: new DashboardService(store),
      imports: new CsvImportService(store, new TemporalCsvImports(client, config.temporal.taskQueue)),
      authenticate,
      botEndpoint: teams.endpoint({ leadership, delegations }),
      health: () => healthReport(store, client, worker),
      staticRoot: join(REPO_ROOT, 'addin', 'dist'),
      logLevel: config.logLevel,
    });
    stack.push(() => app.close());
    await app.listen({ port: config.port, host: config.host });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const url = config.port === 0 || port !== config.port ? `http://localhost:${port}` : config.publicUrl;

    return { app, url, ...(temporal.uiUrl ? { temporalUiUrl: temporal.uiUrl } : {}), store, client, ...(localIssuer ? { localIssuer } : {}), stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function tokenVerification(config: AppConfig) {
  if (config.mode === 'local') {
    const localIssuer = await LocalIssuer.open(localIssuerKeyPath(config.dataDir));
    const verify = createTokenVerifier({ keys: localIssuer.keySet(), issuerFor: localIssuerFor, audience: LOCAL_AUDIENCE, allowedTenants: config.identity.allowedTenants, requiredScope: LOCAL_SCOPE });
    return { verify, localIssuer };
  }
  const verify = createTokenVerifier({
    keys: createEntraKeySet(),
    issuerFor: entraIssuerFor,
    audience: config.identity.entraClientId!,
    allowedTenants: config.identity.allowedTenants,
    requiredScope: ENTRA_SCOPE,
  });
  return { verify, localIssuer: undefined };
}

/** Seeds the demo firm into an empty store and makes sure each of its open delegations is being followed up. */
async function seedDemoFirm(store: Store, followUps: TemporalDelegationFollowUps, log: (line: string) => void) {
  const alreadySeeded = (await store.records.list('person', { tenantId: DEMO_TENANT_ID })).length > 0;
  if (!alreadySeeded) {
    const created = await seedRecords(store, demoFirm(new Date()));
    log(`Seeded the demo firm (${created} records).`);
  }
  for (const { record: account } of await store.records.list('account', { tenantId: DEMO_TENANT_ID })) {
    for (const { record: delegation } of await store.records.list('delegation', { tenantId: DEMO_TENANT_ID, accountId: account.id })) {
      if (OPEN_DELEGATION_STATUSES.includes(delegation.status)) await followUps.startFollowUp(delegation);
    }
  }
}

/** Start-up repair of the schedules; a failure is logged, not fatal (the store stays the truth and the next start retries). */
async function reconcileProcessSchedules(schedules: TemporalProcessSchedules, store: Store, log: (line: string) => void) {
  try {
    const report = await schedules.reconcile(store);
    log(
      `Process schedules reconciled: ${report.created.length} created, ${report.updated.length} updated, ${report.deleted.length} deleted, ${report.unchanged.length} unchanged` +
        (report.failed.length > 0 ? `, ${report.failed.length} failed (${report.failed.map((failure) => `${failure.scheduleId}: ${failure.error}`).join('; ')})` : '') +
        '.',
    );
  } catch (error) {
    log(`Process schedule reconciliation failed: ${String(error)}`);
  }
}

async function healthReport(store: Store, client: Client, worker: Worker | undefined): Promise<HealthReport> {
  const probe = async (check: () => Promise<unknown>): Promise<ComponentHealth> => {
    try {
      await Promise.race([check(), new Promise((_, reject) => setTimeout(() => reject(new Error('timed out after 2 s')), 2000).unref())]);
      return { status: 'ok' };
    } catch (error) {
      return { status: 'down', detail: error instanceof Error ? error.message : String(error) };
    }
  };
  const [storeHealth, temporalHealth] = await Promise.all([probe(() => store.health.ping()), probe(() => client.workflowService.getSystemInfo({}))]);
  const workerHealth: ComponentHealth = !worker ? { status: 'disabled', detail: 'RUN_WORKER=false: workers run elsewhere' } : worker.getState() === 'RUNNING' ? { status: 'ok' } : { status: 'down', detail: `worker is ${worker.getState()}` };
  const healthy = storeHealth.status === 'ok' && temporalHealth.status === 'ok' && workerHealth.status !== 'down';
  return { status: healthy ? 'ok' : 'degraded', temporal: temporalHealth, store: storeHealth, worker: workerHealth };
}
