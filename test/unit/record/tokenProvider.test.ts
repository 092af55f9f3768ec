import { createServer, type Server } from 'node:http';
import { createVerify, generateKeyPairSync } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { ClientCredentialsTokens } from '../../../src/record/fhir/tokenProvider';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const privatePem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

/** A real token endpoint on loopback that checks the client assertion's signature the way an NHS server would. */
function tokenServer(expiresIn: number): Promise<{ url: string; server: Server; requests: Record<string, string>[] }> {
  const requests: Record<string, string>[] = [];
  let issued = 0;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const form = Object.fromEntries(new URLSearchParams(body));
      requests.push(form);
      const [header, claims, signature] = form.client_assertion.split('.');
      const valid = createVerify('RSA-SHA512')
        .update(`${header}.${claims}`)
        .verify(publicKey, Buffer.from(signature, 'base64url'));
      if (!valid || form.grant_type !== 'client_credentials') {
        // Not chained: another test file's server library may have wrapped writeHead without returning `this`.
        res.statusCode = 401;
        res.end();
        return;
      }
      issued += 1;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ access_token: `token-${issued}`, expires_in: expiresIn, token_type: 'bearer' }));
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/oauth2/token`, server, requests }),
    ),
  );
}

describe('OAuth 2.0 client credentials with a private_key_jwt assertion (RS512)', () => {
  it('signs an RS512 assertion about itself for the token endpoint, and caches the token until shortly before expiry', async () => {
    const { url, server, requests } = await tokenServer(600);
    let clock = 1_800_000_000_000;
    const tokens = new ClientCredentialsTokens({
      tokenUrl: url,
      clientId: 'front-door',
      privateKey: privatePem,
      keyId: 'key-1',
      now: () => clock,
    });
    try {
      const [a, b] = await Promise.all([tokens.token(), tokens.token()]);
      expect([a, b]).toEqual(['token-1', 'token-1']);
      expect(requests).toHaveLength(1);
      const [header, claims] = requests[0].client_assertion
        .split('.')
        .slice(0, 2)
        .map((part) => JSON.parse(Buffer.from(part, 'base64url').toString()));
      expect(header).toEqual({ alg: 'RS512', typ: 'JWT', kid: 'key-1' });
      expect(claims).toMatchObject({ iss: 'front-door', sub: 'front-door', aud: url });
      expect(claims.exp - claims.iat).toBeLessThanOrEqual(300);
      expect(requests[0].client_assertion_type).toBe('urn:ietf:params:oauth:client-assertion-type:jwt-bearer');

      clock += 530 * 1000; // still more than a minute before the 600 s token expires
      expect(await tokens.token()).toBe('token-1');
      clock += 20 * 1000; // inside the last minute: refreshed
      expect(await tokens.token()).toBe('token-2');
      expect(requests).toHaveLength(2);
    } finally {
      server.close();
    }
  });

  it('refuses clearly when the authorisation server does not accept the assertion', async () => {
    const { url, server } = await tokenServer(600);
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({
      type: 'pkcs8',
      format: 'pem',
    });
    const tokens = new ClientCredentialsTokens({
      tokenUrl: url,
      clientId: 'front-door',
      privateKey: other.toString(),
      keyId: 'k',
    });
    try {
      await expect(tokens.token()).rejects.toThrow(/refused the client credentials \(HTTP 401\)/);
    } finally {
      server.close();
    }
  });
});
