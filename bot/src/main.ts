import { ConfigError, loadConfig } from './config';
import { startSystem } from './runtime/system';

/** `npm start`: the whole system on this machine, until Ctrl-C. */
async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  const log = (line: string) => console.log(`[account-teams] ${line}`);
  log(`Starting in ${config.mode} mode (data under ${config.dataDir}).`);
  const system = await startSystem(config, log);

  log('Ready.');
  log(`  App:          ${system.url}/`);
  log(`  Health:       ${system.url}/healthz`);
  log(`  Bot endpoint: ${system.url}/api/messages`);
  if (system.temporalUiUrl) log(`  Temporal UI:  ${system.temporalUiUrl}`);
  if (config.mode === 'local') log('  Token:        npm run token -- alejandro.ruiz@hartwell-lowe.example');
  log('Press Ctrl-C to stop.');

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: shutting down…`);
    await system.stop();
    log('Stopped.');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error) => {
  console.error(`[account-teams] failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
