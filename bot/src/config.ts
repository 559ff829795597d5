import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { DEFAULT_TOOLS_DIR } from '../../infra/local/temporal-cli';

/**
 * Everything the server reads from the environment, validated once at start-up. Local mode is the
 * explicit default for a developer machine; production mode refuses to start unless every credential
 * it needs is present, so a misconfigured replica never serves with local shortcuts.
 */
const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
  .transform((value) => ['true', '1', 'yes'].includes(value));
const port = z.coerce.number({ message: 'must be a port number' }).int().min(0).max(65535); // 0: any free port
const optional = z.string().trim().min(1).optional();

const Env = z
  .object({
    APP_MODE: z.enum(['local', 'production'], { message: 'must be local or production' }).default('local'),
    PORT: port.default(3978),
    HOST: z.string().default('127.0.0.1'),
    PUBLIC_URL: z.url({ message: 'must be an absolute URL such as https://teams.example.com' }).optional(),
    DATA_DIR: z.string().default('.data'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),

    STORE: z.enum(['sqlite', 'cosmos'], { message: 'must be sqlite or cosmos' }).optional(),
    SQLITE_PATH: optional,
    COSMOS_ENDPOINT: z.url({ message: 'must be the account endpoint, e.g. https://myaccount.documents.azure.com:443/' }).optional(),
    COSMOS_KEY: optional,
    COSMOS_DATABASE: z.string().default('account-teams'),
    CONTEXT_CACHE_MB: z.coerce.number({ message: 'must be a number of megabytes' }).min(0).max(65_536).default(128),

    TEMPORAL_ADDRESS: optional,
    TEMPORAL_NAMESPACE: z.string().default('default'),
    TEMPORAL_TLS_CERT_PATH: optional,
    TEMPORAL_TLS_KEY_PATH: optional,
    TEMPORAL_TLS_SERVER_NAME: optional,
    TEMPORAL_API_KEY: optional,
    TEMPORAL_DEV_PORT: port.default(7233),
    TEMPORAL_DEV_UI_PORT: port.default(8233),
    TEMPORAL_TASK_QUEUE: z.string().default('account-teams'),
    RUN_WORKER: flag.default(true),
    WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number({ message: 'must be a whole number' }).int().min(1).max(100_000).optional(),
    WORKFLOW_BUNDLE_PATH: optional,

    ENTRA_CLIENT_ID: optional,
    ENTRA_ALLOWED_TENANTS: optional,
    MICROSOFT_APP_ID: optional,
    MICROSOFT_APP_PASSWORD: optional,
    MICROSOFT_APP_TENANT_ID: optional,
    MICROSOFT_APP_TYPE: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('MultiTenant'),

    SEED_DEMO: flag.optional(),
  })
  .superRefine((env, ctx) => {
    const need = (name: keyof typeof env, why: string) => {
      if (!env[name]) ctx.addIssue({ code: 'custom', path: [name], message: `is required ${why}` });
    };
    if (env.STORE === 'cosmos' || (env.APP_MODE === 'production' && env.STORE !== 'sqlite')) {
      need('COSMOS_ENDPOINT', 'for the Cosmos DB store');
      need('COSMOS_KEY', 'for the Cosmos DB store');
    }
    if (env.APP_MODE === 'production') {
      need('TEMPORAL_ADDRESS', 'in production (the embedded dev server is for local mode only)');
      need('ENTRA_CLIENT_ID', 'in production to validate Entra ID tokens');
      need('ENTRA_ALLOWED_TENANTS', 'in production: the comma-separated tenant ids allowed to call the API');
      need('MICROSOFT_APP_ID', 'in production to authenticate the Bot Framework');
      need('PUBLIC_URL', 'in production');
      if (env.SEED_DEMO) ctx.addIssue({ code: 'custom', path: ['SEED_DEMO'], message: 'the demo firm is never seeded in production' });
    }
    if (env.MICROSOFT_APP_ID && env.MICROSOFT_APP_TYPE !== 'UserAssignedMSI' && !env.MICROSOFT_APP_PASSWORD) {
      ctx.addIssue({ code: 'custom', path: ['MICROSOFT_APP_PASSWORD'], message: 'is required with MICROSOFT_APP_ID unless MICROSOFT_APP_TYPE is UserAssignedMSI' });
    }
    if (Boolean(env.TEMPORAL_TLS_CERT_PATH) !== Boolean(env.TEMPORAL_TLS_KEY_PATH)) {
      ctx.addIssue({ code: 'custom', path: ['TEMPORAL_TLS_KEY_PATH'], message: 'TEMPORAL_TLS_CERT_PATH and TEMPORAL_TLS_KEY_PATH go together' });
    }
  });

export type AppConfig = ReturnType<typeof loadConfig>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}\nSee .env.example for every setting.`);
  }
}

export function loadConfig(source: Record<string, string | undefined> = process.env, cwd = process.cwd()) {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = Env.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.') || 'environment'} ${issue.message}`));
  }
  const env = parsed.data;
  const dataDir = isAbsolute(env.DATA_DIR) ? env.DATA_DIR : resolve(cwd, env.DATA_DIR);
  const local = env.APP_MODE === 'local';
  const publicUrl = (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, '');
  return {
    mode: env.APP_MODE,
    port: env.PORT,
    host: env.HOST,
    publicUrl,
    /** The dashboard tab's page (the manifest's static tab), linked from cards that had to shorten text. */
    tabUrl: `${publicUrl}/tab.html`,
    dataDir,
    logLevel: env.LOG_LEVEL,
    store:
      (env.STORE ?? (local ? 'sqlite' : 'cosmos')) === 'sqlite'
        ? ({ engine: 'sqlite', path: env.SQLITE_PATH ?? resolve(dataDir, 'account-teams.db') } as const)
        : ({ engine: 'cosmos', endpoint: env.COSMOS_ENDPOINT!, key: env.COSMOS_KEY!, databaseId: env.COSMOS_DATABASE } as const),
    /** Memory for assembled account contexts; used only with a store that sees every write (SQLite). */
    contextCacheBytes: Math.round(env.CONTEXT_CACHE_MB * 1024 * 1024),
    temporal: {
      address: env.TEMPORAL_ADDRESS,
      namespace: env.TEMPORAL_NAMESPACE,
      tlsCertPath: env.TEMPORAL_TLS_CERT_PATH,
      tlsKeyPath: env.TEMPORAL_TLS_KEY_PATH,
      tlsServerName: env.TEMPORAL_TLS_SERVER_NAME,
      apiKey: env.TEMPORAL_API_KEY,
      dataDir,
      devPort: env.TEMPORAL_DEV_PORT,
      devUiPort: env.TEMPORAL_DEV_UI_PORT,
      toolsDir: DEFAULT_TOOLS_DIR,
      taskQueue: env.TEMPORAL_TASK_QUEUE,
    },
    runWorker: env.RUN_WORKER,
    worker: {
      ...(env.WORKER_MAX_CACHED_WORKFLOWS ? { maxCachedWorkflows: env.WORKER_MAX_CACHED_WORKFLOWS } : {}),
      ...(env.WORKFLOW_BUNDLE_PATH ? { workflowBundlePath: isAbsolute(env.WORKFLOW_BUNDLE_PATH) ? env.WORKFLOW_BUNDLE_PATH : resolve(cwd, env.WORKFLOW_BUNDLE_PATH) } : {}),
    },
    identity: {
      entraClientId: env.ENTRA_CLIENT_ID,
      allowedTenants: env.ENTRA_ALLOWED_TENANTS?.split(',').map((tenant) => tenant.trim()).filter(Boolean) ?? [],
    },
    bot: { appId: env.MICROSOFT_APP_ID, appPassword: env.MICROSOFT_APP_PASSWORD, appTenantId: env.MICROSOFT_APP_TENANT_ID, appType: env.MICROSOFT_APP_TYPE },
    seedDemo: env.SEED_DEMO ?? local,
  };
}
