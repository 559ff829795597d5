import { randomUUID } from 'node:crypto';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { CosmosClient } from '@azure/cosmos';
import cosmosServer from '@vercel/cosmosdb-server';
import { isAccountScoped, type RecordKind } from '../../core/domain/record-kinds';
import { locatorAddress, recordAddress, type LocatorDocument } from '../../core/store/cosmos/cosmos-layout';
import { createCosmosStore } from '../../core/store/cosmos/cosmos-store';
import type { Store } from '../../core/store/ports';
import type { StoreHarness } from './store-harness';

/** HTTP requests the SDK sent to the local server since the harness started (or since `reset`). */
export interface CosmosRequestCounter {
  /** Every request, the SDK's query-plan requests included. */
  total(): number;
  /** Requests the SDK sends alongside each query to fetch its query plan (concurrently, not in sequence). */
  queryPlans(): number;
  reset(): void;
}

export interface CosmosHarness extends StoreHarness {
  /** All HTTP requests so far: point reads, writes, queries and the SDK's query-plan requests. */
  requestCount(): number;
  readonly requests: CosmosRequestCounter;
}

/** One local endpoint: no region discovery, no background refresh timers keeping jest alive. */
const LOCAL_CONNECTION_POLICY = { enableEndpointDiscovery: false, enableBackgroundEndpointRefreshing: false };

interface Running {
  server: https.Server;
  endpoint: string;
  agent: https.Agent;
}

/**
 * Azure Cosmos DB for the contract suite: the real @azure/cosmos SDK against @vercel/cosmosdb-server,
 * an in-memory implementation of the Cosmos DB REST API. One server per harness, started on first
 * use; a fresh database per `open()`.
 *
 * Known gaps of the local server that the adapter must not rely on: it ignores the partitionKey query
 * option (the adapter filters on the partition key in every WHERE clause), batches are not atomic,
 * there is no TTL and no change feed. It does enforce If-Match (412) on replace and delete.
 */
export function cosmosHarness(): CosmosHarness {
  let running: Promise<Running> | undefined;
  let total = 0;
  let queryPlans = 0;
  const databases = new Map<Store, string>();

  const start = async (): Promise<Running> => {
    const server = cosmosServer({ keepAlive: true });
    server.prependListener('request', (request) => {
      total++;
      if (String(request.headers['x-ms-cosmos-is-query-plan-request']).toLowerCase() === 'true') queryPlans++;
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    // The server's certificate is self-signed: trust it for this agent only, never process-wide.
    const agent = new https.Agent({ rejectUnauthorized: false, keepAlive: true });
    return { server, endpoint: `https://127.0.0.1:${port}`, agent };
  };

  const counter: CosmosRequestCounter = {
    total: () => total,
    queryPlans: () => queryPlans,
    reset: () => {
      total = 0;
      queryPlans = 0;
    },
  };

  return {
    name: 'cosmos',
    requests: counter,
    requestCount: () => total,
    async open() {
      running ??= start();
      const { endpoint, agent } = await running;
      const databaseId = `contract-${randomUUID()}`;
      const store = await createCosmosStore({
        endpoint,
        key: 'local-cosmosdb-server-accepts-any-key',
        databaseId,
        clientOptions: {
          agent,
          connectionPolicy: LOCAL_CONNECTION_POLICY,
        },
      });
      databases.set(store, databaseId);
      return store;
    },
    async corrupt(store, kind: RecordKind, ref) {
      const databaseId = databases.get(store);
      if (!databaseId) throw new Error('not a store opened by this harness');
      const { endpoint, agent } = await running!;
      const client = new CosmosClient({ endpoint, key: 'any', agent, connectionPolicy: LOCAL_CONNECTION_POLICY });
      try {
        const database = client.database(databaseId);
        let accountId = ref.accountId;
        if (isAccountScoped(kind) && kind !== 'account' && accountId === undefined) {
          const locator = locatorAddress(ref.tenantId, kind, ref.id);
          const { resource } = await database.container(locator.container).item(locator.id, locator.partitionKey).read<LocatorDocument>();
          accountId = resource?.accountId;
        }
        const address = recordAddress(kind, ref.tenantId, ref.id, accountId);
        const container = database.container(address.container);
        const { resource: current } = await container.item(address.id, address.partitionKey).read<Record<string, unknown>>();
        if (!current) throw new Error(`no ${kind} ${ref.id} to corrupt`);
        // Keep the envelope (id, type, partition key) so the adapter finds the document; break the record.
        const { id, type, tenantId, pk } = current;
        await container.item(address.id, address.partitionKey).replace({ id, type, tenantId, ...(pk !== undefined ? { pk } : {}), unexpected: true });
      } finally {
        client.dispose();
      }
    },
    async dispose() {
      if (!running) return;
      const { server, agent } = await running;
      running = undefined;
      agent.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
