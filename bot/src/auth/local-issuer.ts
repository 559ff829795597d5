import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createLocalJWKSet, exportJWK, generateKeyPair, importJWK, SignJWT, type JWK } from 'jose';

/**
 * Local mode's stand-in for Entra ID: an ES256 key kept under .data/ that signs tokens shaped like
 * Entra v2 access tokens. The server verifies them through the same verifier as production tokens.
 */
export const LOCAL_AUDIENCE = 'api://account-teams-local';
export const LOCAL_SCOPE = 'access_as_user';
export const localIssuerFor = (tenantId: string) => `https://login.local.account-teams/${tenantId}/v2.0`;
/** Where the local issuer's key is kept: in the data directory, beside the local store. */
export const localIssuerKeyPath = (dataDir: string) => join(dataDir, 'local-issuer.jwk.json');

interface StoredKey {
  privateJwk: JWK;
  publicJwk: JWK;
}

export class LocalIssuer {
  private constructor(private readonly key: StoredKey) {}

  /** Loads the key from `path`, creating it (readable by the owner only) on first use. */
  static async open(path: string): Promise<LocalIssuer> {
    if (existsSync(path)) return new LocalIssuer(JSON.parse(readFileSync(path, 'utf8')) as StoredKey);
    const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
    const kid = randomUUID();
    const key: StoredKey = {
      privateJwk: { ...(await exportJWK(privateKey)), kid, alg: 'ES256' },
      publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' },
    };
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, JSON.stringify(key), { mode: 0o600 });
    return new LocalIssuer(key);
  }

  keySet() {
    return createLocalJWKSet({ keys: [this.key.publicJwk] });
  }

  async issue(claims: { tenantId: string; objectId: string; email: string; name: string; scope?: string; audience?: string; expiresIn?: string; issuer?: string }): Promise<string> {
    const privateKey = await importJWK(this.key.privateJwk, 'ES256');
    return new SignJWT({
      tid: claims.tenantId,
      oid: claims.objectId,
      preferred_username: claims.email,
      name: claims.name,
      scp: claims.scope ?? LOCAL_SCOPE,
      ver: '2.0',
    })
      .setProtectedHeader({ alg: 'ES256', kid: this.key.privateJwk.kid!, typ: 'JWT' })
      .setIssuer(claims.issuer ?? localIssuerFor(claims.tenantId))
      .setAudience(claims.audience ?? LOCAL_AUDIENCE)
      .setSubject(claims.objectId)
      .setIssuedAt()
      .setExpirationTime(claims.expiresIn ?? '8h')
      .sign(privateKey);
  }
}
