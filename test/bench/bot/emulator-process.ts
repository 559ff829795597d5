/**
 * The Bot Connector emulator in a process of its own, for the bench: in the bench's process a busy event
 * loop would delay the emulator's arrival clock and blur the rate-limit count. Prints its URL as JSON on
 * stdout once listening; options come as JSON in argv[2].
 */
import { BotConnectorEmulator, type EmulatorOptions } from '../../support/bot-connector-emulator';

async function main() {
  const options = JSON.parse(process.argv[2] ?? '{}') as EmulatorOptions;
  const emulator = await BotConnectorEmulator.start(options);
  process.stdout.write(`${JSON.stringify({ url: emulator.url })}\n`);
  const stop = () => void emulator.stop().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

void main();
