// Placeholder owned by the Cosmos adapter work; replaced with the real harness.
import { sqliteHarness } from './sqlite-harness';
export const cosmosHarness = () => ({ ...sqliteHarness(), name: 'sqlite (cosmos pending)' });
