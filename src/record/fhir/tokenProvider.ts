import { createSign, randomUUID } from 'node:crypto';

/** Something that gives the bearer token for the next request, or none when the server needs none. */
export interface AccessTokens {
  token(): Promise<string | undefined>;
}

export const NO_AUTH: AccessTokens = { token: async () => undefined };

export interface ClientCredentials {
  tokenUrl: string;
  clientId: string;
  /** PEM of the RSA private key whose public half the authorisation server holds. */
  privateKey: string;
  /** The key's id (`kid`), so the server can pick the right public key. */
  keyId: string;
  /** Refresh this long before the token expires. */
  refreshMarginMs?: number;
  now?: () => number;
}

const base64url = (data: string | Buffer) => Buffer.from(data).toString('base64url');

/**
 * OAuth 2.0 client credentials with a signed JWT client assertion (`private_key_jwt`, RS512), the way NHS APIs
 * authenticate applications. One token is shared by every request and replaced shortly before it expires; concurrent
 * requests wait for the same refresh rather than each asking for a token.
 */
export class ClientCredentialsTokens implements AccessTokens {
  private cached?: { token: string; refreshAt: number };
  private pending?: Promise<string>;
  private readonly now: () => number;

  constructor(private readonly credentials: ClientCredentials) {
    this.now = credentials.now ?? Date.now;
  }

  async token(): Promise<string> {
    if (this.cached && this.now() < this.cached.refreshAt) return this.cached.token;
    this.pending ??= this.fetchToken().finally(() => (this.pending = undefined));
    return this.pending;
  }

  /** The client assertion: a short-lived JWT about ourselves, signed with our private key. */
  assertion(): string {
    const { clientId, tokenUrl, keyId, privateKey } = this.credentials;
    const issuedAt = Math.floor(this.now() / 1000);
    const header = base64url(JSON.stringify({ alg: 'RS512', typ: 'JWT', kid: keyId }));
    const claims = base64url(
      JSON.stringify({
        iss: clientId,
        sub: clientId,
        aud: tokenUrl,
        jti: randomUUID(),
        iat: issuedAt,
        exp: issuedAt + 300,
      }),
    );
    const signature = createSign('RSA-SHA512').update(`${header}.${claims}`).sign(privateKey);
    return `${header}.${claims}.${base64url(signature)}`;
  }

  private async fetchToken(): Promise<string> {
    const body = new URLSearchParams({
      grant_type: 'client_credentials',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: this.assertion(),
    });
    const res = await fetch(this.credentials.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body,
      signal: AbortSignal.timeout(10000),
    });
    if (!res.ok) throw new Error(`The authorisation server refused the client credentials (HTTP ${res.status}).`);
    const json = (await res.json()) as { access_token?: unknown; expires_in?: unknown };
    if (typeof json.access_token !== 'string') throw new Error('The authorisation server sent no access token.');
    const lifetimeMs = (Number(json.expires_in) || 300) * 1000;
    const margin = Math.min(this.credentials.refreshMarginMs ?? 60000, lifetimeMs / 2);
    this.cached = { token: json.access_token, refreshAt: this.now() + lifetimeMs - margin };
    return json.access_token;
  }
}
