import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { exportJWK, generateKeyPair, SignJWT, type KeyLike } from 'jose';
import { BotFrameworkRuntime } from '../../bot/src/adapter/bot-framework-endpoint';
import { buildApp, type AppDeps } from '../../bot/src/api/app';
import { helpText } from '../../bot/src/conversation/commands';
import type { ConversationHandler } from '../../bot/src/conversation/conversation';
import { SqliteStore } from '../../core/store/sqlite/sqlite-store';

/**
 * With Bot Framework credentials configured, `/api/messages` accepts only activities carrying a token
 * that botbuilder validates against the Bot Framework's signing keys. The keys come from an OpenID
 * metadata document; here it is served locally (no internet in tests) and lists one trusted key.
 */
jest.setTimeout(30_000);

const APP_ID = randomUUID();
/** Only the endpoint's authentication is under test: the handler answers every message with the help text. */
const helpOnly: ConversationHandler = { onMessage: async () => [{ text: helpText() }] };
let metadata: Server;
let app: FastifyInstance;
let store: SqliteStore;
let dir: string;
let trusted: KeyLike;
let untrusted: KeyLike;
let appUrl: string;

beforeAll(async () => {
  ({ privateKey: trusted } = await generateKeyPair('RS256'));
  const trustedPublic = (await generateKeyPairFrom(trusted)).publicJwk;
  ({ privateKey: untrusted } = await generateKeyPair('RS256'));

  metadata = createServer((request, response) => {
    const base = `http://127.0.0.1:${(metadata.address() as AddressInfo).port}`;
    response.setHeader('content-type', 'application/json');
    if (request.url === '/keys') return response.end(JSON.stringify({ keys: [{ ...trustedPublic, kid: 'trusted-key', use: 'sig', alg: 'RS256' }] }));
    response.end(JSON.stringify({ issuer: 'https://api.botframework.com', jwks_uri: `${base}/keys`, id_token_signing_alg_values_supported: ['RS256'] }));
  });
  await new Promise<void>((resolve) => metadata.listen(0, '127.0.0.1', resolve));
  const metadataUrl = `http://127.0.0.1:${(metadata.address() as AddressInfo).port}/v1/.well-known/openidconfiguration`;

  dir = mkdtempSync(join(tmpdir(), 'bot-auth-'));
  store = new SqliteStore(join(dir, 'store.db'));
  const runtime = new BotFrameworkRuntime({ appId: APP_ID, appPassword: 'not-used-offline', appType: 'MultiTenant', openIdMetadataUrl: metadataUrl }, () => undefined);
  // Only /api/messages is exercised: the REST API's services are never called here.
  app = await buildApp({
    store,
    authenticate: async () => undefined,
    health: async () => ({ status: 'ok', temporal: { status: 'ok' }, store: { status: 'ok' }, worker: { status: 'ok' } }),
    botEndpoint: runtime.endpoint(helpOnly),
    logLevel: 'silent',
  } as unknown as AppDeps);
  await app.listen({ port: 0, host: '127.0.0.1' });
  appUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await app?.close();
  await store?.close();
  await new Promise((resolve) => metadata?.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

async function generateKeyPairFrom(privateKey: KeyLike) {
  const jwk = await exportJWK(privateKey);
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...publicJwk } = jwk;
  return { publicJwk };
}

const SERVICE_URL = 'http://127.0.0.1:9/unused/';
const activity = () => ({
  type: 'message',
  id: randomUUID(),
  text: 'help',
  channelId: 'msteams',
  serviceUrl: SERVICE_URL,
  deliveryMode: 'expectReplies',
  from: { id: '29:someone', name: 'Someone' },
  recipient: { id: `28:${APP_ID}`, name: 'Account Teams' },
  conversation: { id: 'a:conversation', conversationType: 'personal' },
});

function token(key: KeyLike, kid: string, claims: Record<string, unknown> = {}) {
  return new SignJWT({ serviceurl: SERVICE_URL, ...claims })
    .setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' })
    .setIssuer('https://api.botframework.com')
    .setAudience(APP_ID)
    .setIssuedAt()
    .setNotBefore('0s')
    .setExpirationTime('10m')
    .sign(key);
}

async function post(authorization?: string) {
  const response = await fetch(`${appUrl}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
    body: JSON.stringify(activity()),
  });
  return { status: response.status, text: await response.text() };
}

describe('the bot endpoint with Bot Framework credentials', () => {
  let errors: jest.SpyInstance;
  beforeEach(() => {
    errors = jest.spyOn(console, 'error').mockImplementation(() => undefined); // botbuilder logs every refusal
  });
  afterEach(() => errors.mockRestore());

  it('refuses an activity without a token with 401', async () => {
    expect((await post()).status).toBe(401);
  });

  it('refuses a token signed locally by a key botbuilder does not trust with 401', async () => {
    const forged = await token(untrusted, 'forged-key');
    const response = await post(`Bearer ${forged}`);
    expect(response.status).toBe(401);
    expect(response.text).toMatch(/Signing Key could not be retrieved/);
  });

  it('refuses a token that names the trusted key but is signed by another one with 401', async () => {
    const forged = await token(untrusted, 'trusted-key');
    expect((await post(`Bearer ${forged}`)).status).toBe(401);
  });

  it('refuses a token for another bot with 401', async () => {
    const other = await new SignJWT({ serviceurl: SERVICE_URL }).setProtectedHeader({ alg: 'RS256', kid: 'trusted-key' }).setIssuer('https://api.botframework.com').setAudience(randomUUID()).setExpirationTime('10m').sign(trusted);
    expect((await post(`Bearer ${other}`)).status).toBe(401);
  });

  it('accepts a token signed by the trusted key (so the 401s are about the token)', async () => {
    const valid = await token(trusted, 'trusted-key');
    const response = await post(`Bearer ${valid}`);
    expect(response.status).toBe(200);
    expect(JSON.parse(response.text).activities[0].text).toMatch(/delegate @person <task> by <date>/);
  });
});
