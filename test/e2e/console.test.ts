import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { startApp, type RunningApp } from '../../src/app';
import { createLogger } from '../../src/observability/logger';
import { messageActivity, postJson } from '../support/activities';
import { testConfig } from '../support/appConfig';
import { ARTIFACTS, launchChromium } from '../support/browser';

const logger = createLogger({ level: 'silent' });
const ADMIN = { email: 'admin@hub.example', password: 'admin-password-123' };

/**
 * The coordinator's side in Debian's Chromium: log in, see the escalation at the top of the queue with its summary,
 * claim, take over, write to the patient, read the reply, resolve. The patient's side here is a Bot Framework channel
 * stand-in (what the bot sends proactively is recorded); the Web Chat page drives the same steps once it lands.
 */
describe('coordinator console in Chromium', () => {
  let app: RunningApp;
  let browser: Browser;
  let channel: Server;
  const toPatient: { text?: string; name?: string }[] = [];

  beforeAll(async () => {
    app = await startApp(testConfig({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password }), logger);
    channel = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        if (body) toPatient.push(JSON.parse(body));
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ id: randomUUID() }));
      });
    });
    await new Promise<void>((r) => channel.listen(0, '127.0.0.1', r));
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    channel?.close();
  });

  it('takes over an escalation, talks to the patient and resolves it', async () => {
    const serviceUrl = `http://127.0.0.1:${(channel.address() as AddressInfo).port}`;
    const conversationId = randomUUID();
    const say = (text: string) =>
      postJson(`http://127.0.0.1:${app.port}/api/messages`, messageActivity(text, conversationId, { serviceUrl }));
    await say('I need the duty nurse urgently, my breathing is bad');
    // The danger signs come first (issue 16).
    await say('No');
    await say('No');
    await say('07700 900456');

    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(8000);
    page.on('pageerror', (err) => console.error('console page error:', err.message));
    await page.goto(`http://127.0.0.1:${app.port}/console`);
    await page.fill('#email', ADMIN.email);
    await page.fill('#password', ADMIN.password);
    await page.click('button[type=submit]');

    const top = page.locator('#queue tbody tr').first();
    await top.waitFor();
    await expect(top.textContent()).resolves.toMatch(/urgent 2h/);
    await expect(top.textContent()).resolves.toMatch(/escalation/);
    await top.locator('a').click();

    await page.locator('#claim').click();
    await page.locator('#take-over').click();
    await page.locator('#message').fill('Hello, I am one of the nurses. Is she breathing more easily now?');
    await page.locator('#send').click();
    await waitFor(() => toPatient.some((a) => a.text?.includes('Is she breathing more easily now?')));
    expect(toPatient.some((a) => a.name === 'handoff.status')).toBe(true);

    const quiet = await say('a little better, thank you');
    expect(quiet.body.activities ?? []).toHaveLength(0);
    await page.locator('#transcript', { hasText: 'a little better, thank you' }).waitFor({ timeout: 10000 });

    await page.screenshot({ path: path.join(ARTIFACTS, 'console-takeover.png'), fullPage: true });

    await page.locator('#outcome').fill('Spoke to the carer; rapid response visit booked.');
    await page.locator('#resolve').click();
    await page.locator('dl', { hasText: 'resolved' }).waitFor();
    await waitFor(() => toPatient.some((a) => a.text?.includes('has finished this conversation')));
    await context.close();
  }, 60000);
});

async function waitFor(check: () => boolean, timeoutMs = 10000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}
