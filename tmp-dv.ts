import Database from 'better-sqlite3';
import { copyFileSync } from 'node:fs';
const db = new Database('/tmp/dvtest.db');
db.pragma('journal_mode = WAL'); db.pragma('synchronous = NORMAL');
db.exec('CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, v TEXT)');
const st = db.prepare('PRAGMA data_version').pluck();
const ins = db.prepare('INSERT INTO t (v) VALUES (?)');
let t = performance.now();
for (let i = 0; i < 100000; i++) st.get();
console.log('data_version idle us', ((performance.now() - t) * 1000) / 100000);
t = performance.now(); let dvTime = 0; let insTime = 0;
for (let i = 0; i < 20000; i++) {
  const a = performance.now();
  for (let j = 0; j < 5; j++) st.get();
  const b = performance.now();
  ins.run('x'.repeat(300));
  dvTime += b - a; insTime += performance.now() - b;
}
console.log('data_version after commits us', (dvTime * 1000) / 100000, 'insert commit us', (insTime * 1000) / 20000);
