import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type mongoose from 'mongoose';
import { closeTestDatabase, openTestDatabase } from '../support/testDatabase';
import type { Appointment, Slot } from '../../src/appointments/appointmentModels';
import { loadConfig } from '../../src/config';
import { createRecordSystem } from '../../src/record/recordSystem';

/**
 * What Front Door actually puts on the wire to a FHIR server, configured the way an operator would: a loopback server
 * stands in for both the FHIR endpoint and the OAuth token endpoint and records every request.
 */
interface Recorded {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
}

function recordingServer(): Promise<{ base: string; server: Server; requests: Recorded[] }> {
  const requests: Recorded[] = [];
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const path = req.url ?? '';
      requests.push({ method: req.method ?? '', path, headers: req.headers });
      if (path === '/oauth2/token') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ access_token: 'token-abc', expires_in: 600, token_type: 'bearer' }));
        return;
      }
      // A conditional create that matched a contact filed before: 200 and no body, so the client searches for it.
      if (req.method === 'POST' && path === '/fhir/Communication') {
        res.statusCode = 200;
        res.end();
        return;
      }
      const entry = path.startsWith('/fhir/Communication?')
        ? [{ resource: { resourceType: 'Communication', id: 'c1', meta: { versionId: '1' }, status: 'completed' } }]
        : [];
      res.writeHead(200, { 'content-type': 'application/fhir+json' });
      res.end(JSON.stringify({ resourceType: 'Bundle', type: 'searchset', entry }));
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, requests }),
    ),
  );
}

const at = new Date('2030-01-07T09:00:00Z');
const appointment: Appointment = {
  _id: 'a1',
  patientId: 'p1',
  slotId: 's1',
  team: 'team-1',
  visitType: 'nursing',
  start: at,
  end: new Date(at.getTime() + 3600 * 1000),
  label: 'Monday morning',
  status: 'booked',
};
const slot: Slot = { _id: 's2', team: 'team-1', start: at, end: appointment.end, window: 'morning', label: 'x' };

describe('FHIR requests as configured', () => {
  let base: string;
  let server: Server;
  let requests: Recorded[];
  let keyFile: string;
  let connection: mongoose.Connection;

  beforeAll(async () => {
    ({ base, server, requests } = await recordingServer());
    connection = await openTestDatabase();
    const pem = generateKeyPairSync('rsa', { modulusLength: 2048 })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
    keyFile = join(mkdtempSync(join(tmpdir(), 'fhir-key-')), 'key.pem');
    writeFileSync(keyFile, pem);
  });
  afterAll(async () => {
    server.close();
    await closeTestDatabase(connection);
  });
  beforeEach(() => requests.splice(0));

  function record(auth: boolean) {
    const config = loadConfig({
      NODE_ENV: 'test',
      PORT: '0',
      LOG_LEVEL: 'silent',
      RECORD_SYSTEM: 'fhir',
      FHIR_BASE_URL: `${base}/fhir`,
      ...(auth
        ? {
            FHIR_TOKEN_URL: `${base}/oauth2/token`,
            FHIR_CLIENT_ID: 'front-door',
            FHIR_PRIVATE_KEY_FILE: keyFile,
            FHIR_KEY_ID: 'key-1',
          }
        : {}),
    });
    return createRecordSystem(config, connection);
  }

  async function searchesThatMustSeeWrites(auth: boolean): Promise<Recorded[]> {
    const r = record(auth);
    await r.visits.upcoming('p1', at);
    await r.visits.freeSlots(appointment, at);
    await r.visits.freeSlotInWindow(slot);
    await r.contacts.contactsOf('p1');
    await r.needs.needsOf('p1');
    await r.contacts.file({ key: 'k1', patientId: 'p1', at, channel: 'webchat', text: 'summary' });
    // Who is on duty: a roster just written from a console edit must be the one rung.
    await r.duty!.onDuty(at, 'wandsworth');
    return requests.filter((q) => q.method === 'GET' && q.path.startsWith('/fhir/'));
  }

  it('asks for a fresh result (Cache-Control: no-cache) on every search that must see a write just made', async () => {
    const searches = await searchesThatMustSeeWrites(false);
    expect(searches.map((q) => q.path.split('?')[0])).toEqual([
      '/fhir/Appointment',
      '/fhir/Slot',
      '/fhir/Slot',
      '/fhir/Communication',
      '/fhir/Flag',
      '/fhir/Communication',
      '/fhir/PractitionerRole',
    ]);
    for (const q of searches)
      expect({ path: q.path, cache: q.headers['cache-control'] }).toMatchObject({ cache: 'no-cache' });
  });

  it('sends no Authorization header when no FHIR_ auth settings are configured (a server that needs none)', async () => {
    await searchesThatMustSeeWrites(false);
    expect(requests.some((q) => q.path === '/oauth2/token')).toBe(false);
    for (const q of requests) expect(q.headers.authorization).toBeUndefined();
  });

  it('gets a token with the configured key and sends it as a bearer token on every request', async () => {
    await searchesThatMustSeeWrites(true);
    const [token, ...fhir] = requests;
    expect(token).toMatchObject({ method: 'POST', path: '/oauth2/token' });
    expect(fhir.length).toBeGreaterThanOrEqual(7);
    for (const q of fhir) {
      expect({ path: q.path, authorization: q.headers.authorization }).toEqual({
        path: q.path,
        authorization: 'Bearer token-abc',
      });
    }
    // Cached: one token for the whole run.
    expect(requests.filter((q) => q.path === '/oauth2/token')).toHaveLength(1);
  });
});
