import { randomUUID } from 'node:crypto';
import { DEMO_TENANT_ID } from '../../../core/demo/demo-firm';
import { normalizeEmail } from '../../../core/rules/email-resolution';
import { LocalIssuer, localIssuerKeyPath } from '../auth/local-issuer';
import { loadConfig } from '../config';
import { openStore } from '../runtime/open-store';

/**
 * `npm run token -- <email> [--tenant <id>]`: prints a local-mode bearer token for a person of the
 * firm. Refuses in production mode, where tokens come from Entra ID.
 */
async function main() {
  const args = process.argv.slice(2);
  const tenantFlag = args.indexOf('--tenant');
  const tenantId = tenantFlag >= 0 ? args[tenantFlag + 1] : DEMO_TENANT_ID;
  const email = args.find((arg, index) => !arg.startsWith('--') && (tenantFlag < 0 || index !== tenantFlag + 1));
  if (!email || !tenantId) {
    console.error('usage: npm run token -- <email> [--tenant <tenant id>]\n  e.g. npm run token -- alejandro.ruiz@hartwell-lowe.example');
    process.exit(2);
  }
  const config = loadConfig();
  if (config.mode !== 'local') {
    console.error('npm run token only works in local mode; in production, sign in with Entra ID.');
    process.exit(2);
  }
  const store = await openStore(config.store);
  try {
    const address = normalizeEmail(email).address;
    const people = await store.records.list('person', { tenantId });
    const person = people.find((found) => found.record.email === address)?.record;
    if (!person) {
      console.error(`No person with address ${address} in tenant ${tenantId}. Has the system been started once (npm start) to seed the demo firm?`);
      process.exit(1);
    }
    const issuer = await LocalIssuer.open(localIssuerKeyPath(config.dataDir));
    console.log(await issuer.issue({ tenantId, objectId: person.aadObjectId ?? randomUUID(), email: person.email, name: person.name }));
  } finally {
    await store.close();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
