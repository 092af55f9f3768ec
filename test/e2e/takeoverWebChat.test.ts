import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { startApp, type RunningApp } from '../../src/app';
import { createLogger } from '../../src/observability/logger';
import { testConfig } from '../support/appConfig';
import { freePort } from '../support/directLine';
import { ARTIFACTS, launchChromium } from '../support/browser';

const logger = createLogger({ level: 'silent' });
const ADMIN = { email: 'admin@hub.example', password: 'admin-password-123' };

/**
 * Issue #7's whole journey in Debian's Chromium, with the patient and the coordinator on different instances of one
 * store: a patient asks for the duty nurse in Web Chat on instance A; a coordinator on instance B sees it at the top of
 * the queue, takes over, writes, reads the patient's answer and resolves it.
 */
describe('human takeover of a web chat, across two instances', () => {
  const apps: RunningApp[] = [];
  const bases: string[] = [];
  let browser: Browser;

  beforeAll(async () => {
    const database = `tk_${randomUUID().replace(/-/g, '').slice(0, 20)}`;
    for (let i = 0; i < 2; i++) {
      const port = await freePort();
      bases.push(`http://127.0.0.1:${port}`);
      apps.push(
        await startApp(
          testConfig({
            PORT: String(port),
            PUBLIC_URL: bases[i],
            MONGODB_DB: database,
            STREAM_POLL_MS: '200',
            ADMIN_EMAIL: ADMIN.email,
            ADMIN_PASSWORD: ADMIN.password,
          }),
          logger,
        ),
      );
    }
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await Promise.all(apps.map((app) => app.stop()));
  });

  it('asks for the duty nurse in Web Chat; a coordinator takes over, talks to the patient and resolves it', async () => {
    const [onA, onB] = bases;
    const patient = await (await browser.newContext({ viewport: { width: 480, height: 900 } })).newPage();
    patient.setDefaultTimeout(10000);
    await patient.goto(`${onA}/`);
    const chat = patient.locator('#webchat');
    const box = patient.getByRole('textbox', { name: /message/i });
    const say = async (text: string) => {
      await box.fill(text);
      await box.press('Enter');
    };
    await chat
      .getByText(/this is Front Door/)
      .first()
      .waitFor();
    await say('I need the duty nurse urgently, my breathing is bad');
    // The danger signs come first (issue 16), with Yes / No / Not sure buttons.
    await chat
      .getByText(/Right now, is there any of these/)
      .first()
      .waitFor();
    await patient.screenshot({ path: path.join(ARTIFACTS, 'web-chat-danger-signs.png') });
    await chat.getByRole('button', { name: 'No', exact: true }).last().click();
    await chat
      .getByText(/new today/)
      .first()
      .waitFor();
    await say('no');
    await chat
      .getByText(/number/i)
      .last()
      .waitFor();
    await say('07700 900456');
    await chat
      .getByText(/call you back|will call/i)
      .first()
      .waitFor();

    const console = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    console.setDefaultTimeout(10000);
    await console.goto(`${onB}/console`);
    await console.fill('#email', ADMIN.email);
    await console.fill('#password', ADMIN.password);
    await console.click('button[type=submit]');
    const top = console.locator('#queue tbody tr').first();
    await top.waitFor();
    await expect(top.textContent()).resolves.toMatch(/Urgent \(2 hours\)/);
    await top.locator('a').click();
    await console.locator('#transcript', { hasText: 'my breathing is bad' }).waitFor();

    await console.locator('#action-claim').click();
    await console.locator('#action-takeover').click();
    await console.locator('#message').fill('Hello, I am one of the nurses. Is your breathing any easier now?');
    await console.locator('#send').click();
    // Written on instance B, delivered to the patient's WebSocket on instance A through the store.
    await chat.getByText('Is your breathing any easier now?').first().waitFor();

    await say('a little better, thank you');
    await console.locator('#transcript', { hasText: 'a little better, thank you' }).waitFor();
    await patient.screenshot({ path: path.join(ARTIFACTS, 'takeover-web-chat.png') });
    await console.screenshot({ path: path.join(ARTIFACTS, 'takeover-console.png'), fullPage: true });

    await console.getByLabel('Visit arranged').check();
    await console.locator('#outcome-note').fill('Spoke to the patient; rapid response visit booked.');
    await console.locator('#action-resolve').click();
    await console.locator('.fd-tags', { hasText: 'Resolved' }).waitFor();
    await chat
      .getByText(/has finished this conversation/)
      .first()
      .waitFor();
  }, 60000);
});
