import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { temporal } from '@temporalio/proto';

/** Recorded workflow histories replayed by test/workflows/replay.test.ts; re-record with RECORD_HISTORIES=1. */
export const HISTORIES_DIR = join(__dirname, '..', 'workflows', 'histories');

export async function writeHistoryIfRecording(name: string, history: temporal.api.history.v1.IHistory): Promise<void> {
  if (process.env.RECORD_HISTORIES !== '1') return;
  mkdirSync(HISTORIES_DIR, { recursive: true });
  // protobufjs' own JSON form, read back with fromObject below. (The SDK's historyToJSON/historyFromJSON
  // fail in this install: @temporalio/common nests a protobufjs major that rejects @temporalio/proto's types.)
  const json = temporal.api.history.v1.History.fromObject(history).toJSON();
  writeFileSync(join(HISTORIES_DIR, `${name}.json`), `${JSON.stringify(json, null, 1)}\n`);
}

export function recordedHistories(): { name: string; history: temporal.api.history.v1.IHistory }[] {
  let files: string[] = [];
  try {
    files = readdirSync(HISTORIES_DIR).filter((file) => file.endsWith('.json')).sort();
  } catch {
    return [];
  }
  return files.map((file) => ({ name: file.replace(/\.json$/, ''), history: temporal.api.history.v1.History.fromObject(JSON.parse(readFileSync(join(HISTORIES_DIR, file), 'utf8'))) }));
}
