import type { Store } from '../../../core/store/ports';
import { SqliteStore } from '../../../core/store/sqlite/sqlite-store';
import type { AppConfig } from '../config';

export async function openStore(config: AppConfig['store']): Promise<Store> {
  if (config.engine === 'sqlite') return new SqliteStore(config.path);
  const { createCosmosStore } = await import('../../../core/store/cosmos/cosmos-store');
  return createCosmosStore({ endpoint: config.endpoint, key: config.key, databaseId: config.databaseId });
}
