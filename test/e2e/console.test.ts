import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startApp, type RunningApp } from '../../src/app';
import { createLogger } from '../../src/observability/logger';
import { messageActivity, postJson } from '../support/activities';
import { testConfig } from '../support/appConfig';
import { ARTIFACTS, launchChromium } from '../support/browser';
import { checkPage, SCREENS } from '../support/pageChecks';
import { newMessageSid, OUR_NUMBER, postWebhook } from '../support/twilioWebhooks';

const logger = createLogger({ level: 'silent' });
const ADMIN = { email: 'admin@hub.example', password: 'admin-password-123' };

/**
 * The coordinator's side in Debian's Chromium, through the server-rendered pages: sign in, every page at desktop
 * and phone sizes (axe, no "undefined", no empty chart), and each action on an item through its form. The
 * patient's side is a Bot Framework channel stand-in that records what the bot and the coordinator send.
 */
describe('coordinator console in Chromium', () => {
  let app: RunningApp;
  let browser: Browser;
  let channel: Server;
  let context: BrowserContext;
  let page: Page;
  let base: string;
  const toPatient: { text?: string; name?: string }[] = [];
  const say = (conversationId: ReturnType<typeof randomUUID>, text: string) =>
    postJson(
      `${base}/api/messages`,
      messageActivity(text, conversationId, {
        serviceUrl: `http://127.0.0.1:${(channel.address() as AddressInfo).port}`,
      }),
    );

  beforeAll(async () => {
    app = await startApp(testConfig({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password }), logger);
    base = `http://127.0.0.1:${app.port}`;
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
    context = await browser.newContext({ viewport: SCREENS.desktop });
    // Counts every tone the page starts, and whether the browser let it sound (the context was running).
    await context.addInitScript(`
      window.__tones = [];
      const Real = window.AudioContext;
      window.AudioContext = class extends Real {
        createOscillator() {
          const tone = super.createOscillator();
          const start = tone.start.bind(tone);
          tone.start = (when) => { window.__tones.push({ frequency: tone.frequency.value, state: this.state }); start(when); };
          return tone;
        }
      };`);
    page = await context.newPage();
    page.setDefaultTimeout(8000);
    await page.goto(`${base}/console`);
    await page.fill('#email', ADMIN.email);
    await page.fill('#password', ADMIN.password);
    await page.click('button[type=submit]');
    await page.locator('#queue, #queue-empty').first().waitFor();
  }, 60000);
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await app?.stop();
    channel?.close();
  });

  const submit = async (id: string) => {
    await page.locator(`#${id}`).click();
    await page.locator('.nhsuk-notification-banner, .nhsuk-error-summary').first().waitFor();
  };
  const banner = () => page.locator('.nhsuk-notification-banner').innerText();

  it('takes over an escalation, talks to the patient, hands back, and resolves it', async () => {
    const conversationId = randomUUID();
    await say(conversationId, 'I need the duty nurse urgently, my breathing is bad');
    // The danger signs come first (issue 16).
    await say(conversationId, 'No');
    await say(conversationId, 'No');
    await say(conversationId, '07700 900456');
    await page.goto(`${base}/console`);
    const top = page.locator('#queue tbody tr').first();
    await expect(top.innerText()).resolves.toMatch(/Urgent \(2 hours\)/);
    await expect(top.innerText()).resolves.toMatch(/Escalation/);
    await top.locator('a').click();

    await submit('action-claim');
    await expect(banner()).resolves.toMatch(/You have claimed this item/);
    await submit('action-takeover');
    await page.locator('#message').fill('Hello, I am one of the nurses. Is she breathing more easily now?');
    await submit('send');
    await waitFor(() => toPatient.some((a) => a.text?.includes('Is she breathing more easily now?')));
    expect(toPatient.some((a) => a.name === 'handoff.status')).toBe(true);

    // A ready-made reply from content/hub/replies.yaml, sent with an empty box.
    await page.locator('#reply').selectOption('call_you');
    await page.locator('#message').fill('');
    await submit('send');
    await waitFor(() => toPatient.some((a) => a.text?.includes('I am going to phone you')));

    const quiet = await say(conversationId, 'a little better, thank you');
    expect(quiet.body.activities ?? []).toHaveLength(0);
    await page.locator('#transcript', { hasText: 'a little better, thank you' }).waitFor({ timeout: 10000 });

    await submit('action-handback');
    await expect(banner()).resolves.toMatch(/back with the assistant/);
    await page.getByLabel('Visit arranged').check();
    await page.locator('#outcome-note').fill('Spoke to the carer; rapid response visit booked.');
    await submit('action-resolve');
    await expect(page.locator('.fd-tags').innerText()).resolves.toMatch(/Resolved/);
  }, 60000);

  const tones = () => page.evaluate('window.__tones') as Promise<{ frequency: number; state: string }[]>;

  it('sounds and shows an alert when a new urgent item arrives', async () => {
    await page.goto(`${base}/console`);
    // A person at the console has touched the page, which is what lets a browser make sound.
    await page.locator('h1').click();
    await page.waitForTimeout(1500);
    expect(await tones()).toEqual([]);
    await say(randomUUID(), 'my husband has crushing chest pain and is sweating');
    const alert = page.locator('#live-alert');
    await alert.waitFor({ state: 'visible', timeout: 10000 });
    await expect(alert.innerText()).resolves.toMatch(/1 new urgent item in the queue\./);
    const sounded = await tones();
    expect(sounded.map((t) => t.frequency)).toEqual([880, 660]);
    expect(sounded.every((t) => t.state === 'running')).toBe(true);
  }, 60000);

  it('raises the item being worked, with a sound and a visible alert, when a red flag is typed in a takeover', async () => {
    const conversationId = randomUUID();
    await say(conversationId, 'I need the duty nurse urgently, my breathing is bad');
    await say(conversationId, 'No');
    await say(conversationId, 'No');
    await say(conversationId, '07700 900458');
    const items = app.database.connection.collection('queue_items');
    const [item] = await items.find({ 'conversation.conversationId': conversationId }).toArray();
    await page.goto(`${base}/console/items/${item._id}`);
    await submit('action-claim');
    await submit('action-takeover');
    await page.waitForTimeout(500);
    const heard = (await tones()).length;
    await expect(page.locator('#item-alert').innerText()).resolves.toBe('');

    const reply = await say(conversationId, 'she has stopped breathing');
    // The patient is told to call 999 at once, even though a person has the conversation.
    expect(JSON.stringify(reply.body.activities)).toMatch(/999/);
    const alert = page.locator('#item-alert [role=alert]');
    await alert.waitFor({ timeout: 10000 });
    await expect(alert.innerText()).resolves.toMatch(/Red flag at \d\d:\d\d: unresponsive or not breathing/);
    await expect(alert.innerText()).resolves.toMatch(/Urgency raised to 999 emergency/);
    await expect(page.locator('#live-alert').isVisible()).resolves.toBe(true);
    expect((await tones()).length).toBe(heard + 2);
    // The same item, raised; no second item with the old problem.
    expect(await items.countDocuments({ 'conversation.conversationId': conversationId })).toBe(1);
    await page.reload();
    await expect(page.locator('.fd-tags').innerText()).resolves.toMatch(/999 emergency/);
    const { violations, broken } = await checkPage(page, 'console-item-red-flag-desktop');
    expect({ violations, broken }).toEqual({ violations: [], broken: [] });
  }, 60000);

  it('claims, notes for handover, releases, reassigns and refuses a resolve with no outcome', async () => {
    const conversationId = randomUUID();
    await say(conversationId, 'I need the duty nurse urgently, his leg is very swollen and hot');
    // The danger signs come first (issue 16).
    await say(conversationId, 'No');
    await say(conversationId, 'No');
    await say(conversationId, '07700 900457');
    await page.goto(`${base}/console`);
    const link = page.locator('#queue tbody tr', { hasText: 'New' }).locator('a').first();
    const reference = (await link.innerText()).trim();
    await link.click();
    await submit('action-claim');

    // Resolving without an outcome: an error summary linking to the field, nothing changed.
    await page.locator('#action-resolve').click();
    await page.locator('.nhsuk-error-summary').waitFor();
    await expect(page.locator('.nhsuk-error-summary a').getAttribute('href')).resolves.toBe('#outcome');

    await page.locator('#note').fill('Carer asked for a call after 3pm.');
    await page.getByLabel('Put on the shift handover list').check();
    await submit('save-note');
    await expect(page.locator('#notes').innerText()).resolves.toMatch(/Carer asked for a call after 3pm/);

    await page.locator('summary', { hasText: 'Refer on, close or release' }).click();
    await page.locator('#release-note').fill('Going on break');
    await submit('action-release');
    await expect(page.locator('.fd-tags').innerText()).resolves.toMatch(/New/);

    await page.locator('#reassign-to').selectOption({ label: 'Administrator (Administrator)' });
    await submit('action-reassign');
    await expect(page.locator('.fd-tags').innerText()).resolves.toMatch(/Claimed/);
    await expect(page.locator('#history').innerText()).resolves.toMatch(/Reassigned/);

    await page.goto(`${base}/console/handover`);
    await expect(page.locator('#handover').innerText()).resolves.toContain(reference);

    // Search by reference.
    await page.goto(`${base}/console`);
    await page.locator('#q').fill(reference);
    await page.locator('.fd-filters button').click();
    await expect(page.locator('#queue tbody tr').count()).resolves.toBe(1);
  }, 60000);

  it('finds an item by NHS number, name and phone through the search box', async () => {
    const item = await app.runtime.queue.create({
      kind: 'callback',
      disposition: 'routine',
      channel: 'test',
      conversation: { channelId: 'test', conversationId: randomUUID() },
      summary: {
        contact: { role: 'patient' },
        patient: { name: 'Margaret Ellis', nhsNumber: '9434765919', verified: true },
        problem: 'wants a call about her dressings',
        answers: {},
        redFlags: [],
        callbackNumber: '07700 900682',
      },
      idempotencyKey: randomUUID(),
      createdBy: 'front-door-bot',
    });
    for (const q of ['943 476 5919', 'margaret ellis', '+44 7700 900682', item.reference]) {
      await page.goto(`${base}/console`);
      await page.locator('#q').fill(q);
      await page.locator('.fd-filters button').click();
      await page.locator('h1', { hasText: 'Search results' }).waitFor();
      const rows = page.locator('#queue tbody tr');
      await expect(rows.count()).resolves.toBe(1);
      await expect(rows.first().innerText()).resolves.toContain(item.reference);
    }
    await page.locator('#q').fill('nobody-called-this');
    await page.locator('.fd-filters button').click();
    await expect(page.locator('main').innerText()).resolves.toMatch(/Nothing matches that search/);
  }, 60000);

  it('replies to an SMS conversation through the page, and the texter answers the person', async () => {
    const from = '+447700900681';
    const text = (body: string) =>
      postWebhook(
        base,
        '/api/sms',
        { MessageSid: newMessageSid(), From: from, To: OUR_NUMBER, Body: body },
        { signedUrl: `${app.runtime.config.PUBLIC_URL}/api/sms` },
      );
    await text('I need the duty nurse urgently, my breathing is bad');
    await text('No');
    await text('No');
    await page.goto(`${base}/console`);
    await page.locator('#q').fill(from);
    await page.locator('.fd-filters button').click();
    await page.locator('#queue tbody tr a').first().click();
    await submit('action-claim');
    await expect(page.locator('#action-takeover').innerText()).resolves.toMatch(/Reply by SMS/);
    await submit('action-takeover');
    await page.locator('#message').fill('I will ring you in ten minutes.');
    await submit('send');
    const outbox = app.database.connection.collection('outbox');
    await waitForAsync(
      async () =>
        (await outbox.countDocuments({ to: from, body: /^Administrator: I will ring you in ten minutes\.$/ })) === 1,
    );
    const answer = await text('thank you, that is fine');
    expect(answer.doc.getElementsByTagName('Message')).toHaveLength(0);
    await page.locator('#transcript', { hasText: 'thank you, that is fine' }).waitFor({ timeout: 10000 });
    await submit('action-handback');
    await expect(banner()).resolves.toMatch(/back with the assistant/);

    await page.goto(`${base}/console/outbox`);
    await expect(page.locator('#outbox').innerText()).resolves.toMatch(/Reply from the hub in an SMS conversation/);
  }, 60000);

  it('bulk-closes items already handed to 999', async () => {
    await say(randomUUID(), 'my husband has collapsed and is not breathing');
    await say(randomUUID(), 'she is unconscious and I cannot wake her');
    await page.goto(`${base}/console`);
    const boxes = page.locator('#queue input[name=ids]');
    await expect(boxes.count()).resolves.toBeGreaterThanOrEqual(2);
    await expect(page.locator('#queue').innerText()).resolves.toMatch(/Handed to 999/);
    for (const box of await boxes.all()) await box.check();
    await page.locator('#bulk-close').click();
    await page.locator('.nhsuk-notification-banner').waitFor();
    await expect(banner()).resolves.toMatch(/Closed [2-9] items/);
    await expect(page.locator('#queue input[name=ids]').count()).resolves.toBe(0);
  }, 60000);

  it('signs in with JavaScript turned off, and says what was wrong with a bad password', async () => {
    const noScript = await browser.newContext({ viewport: SCREENS.phone, javaScriptEnabled: false });
    const plain = await noScript.newPage();
    plain.setDefaultTimeout(8000);
    await plain.goto(`${base}/console/rota`);
    await plain.fill('#email', ADMIN.email);
    await plain.fill('#password', 'not-the-password');
    await plain.click('button[type=submit]');
    await plain.locator('.nhsuk-error-summary').waitFor();
    await expect(plain.locator('.nhsuk-error-summary').innerText()).resolves.toMatch(/email or password is not right/);
    await expect(plain.locator('#email').inputValue()).resolves.toBe(ADMIN.email);
    // (axe runs as page script, so it checks this page with script on, in the every-page test.)
    await plain.screenshot({ path: path.join(ARTIFACTS, 'console-login-no-script-phone.png') });
    await plain.fill('#password', ADMIN.password);
    await plain.click('button[type=submit]');
    // Back to the page asked for, signed in.
    await plain.locator('h1', { hasText: 'Duty rota' }).waitFor();
    expect(new URL(plain.url()).pathname).toBe('/console/rota');
    await noScript.close();
  }, 60000);

  it('shows the month’s report for a service and downloads the same numbers as CSV', async () => {
    await page.goto(`${base}/console`);
    await page.getByRole('link', { name: 'Reports' }).first().click();
    await page.locator('h1', { hasText: 'Reports' }).waitFor();
    // The items made through the chat above carry no service yet: they are the default service's.
    await page.locator('#report-service').selectOption('wandsworth');
    const month = await page.locator('#report-month option').first().getAttribute('value');
    await page.locator('#report-month').selectOption(month!);
    await page.locator('#report-show').click();
    await page.locator('#report-heading').waitFor();
    expect(new URL(page.url()).search).toBe(`?service=wandsworth&month=${month}`);
    const stored = await app.database.connection.collection('queue_items').countDocuments({});
    const shown = await page.locator('#report-items tbody tr', { hasText: 'All items' }).locator('td').innerText();
    expect(shown.trim()).toBe(String(stored));
    await page.screenshot({ path: path.join(ARTIFACTS, 'console-reports-full-desktop.png'), fullPage: true });
    await page.setViewportSize(SCREENS.phone);
    await page.locator('#report-response-target').screenshot({
      path: path.join(ARTIFACTS, 'console-reports-targets-phone.png'),
    });
    await page.setViewportSize(SCREENS.desktop);

    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#report-csv').click()]);
    expect(download.suggestedFilename()).toBe(`front-door-wandsworth-${month}.csv`);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv.split('\r\n')[0]).toBe('service,month,section,measure,label,value');
    expect(csv).toContain(`wandsworth,${month},items,total,All items,${stored}\r\n`);
  }, 60000);

  // One test a page and screen, so that a slow machine gives each page its own time and a failure names the page.
  const PAGES: [string, (itemId: string) => string][] = [
    ['queue', () => '/console'],
    ['item', (itemId) => `/console/items/${itemId}`],
    ['handover', () => '/console/handover'],
    ['dashboard', () => '/console/dashboard'],
    ['rota', () => '/console/rota'],
    ['complaints', () => '/console/complaints'],
    ['reports', () => '/console/reports'],
    ['audit', () => '/console/audit'],
    ['outbox', () => '/console/outbox'],
  ];
  describe.each(Object.entries(SCREENS))('every page on a %s screen', (name, viewport) => {
    beforeAll(() => page.setViewportSize(viewport));
    afterAll(() => page.setViewportSize(SCREENS.desktop));

    it.each(PAGES)(
      '%s: accessible, no broken text',
      async (pageName, pathOf) => {
        const items = await app.database.connection.collection('queue_items').find({}).limit(1).toArray();
        await page.goto(`${base}${pathOf(String(items[0]._id))}`);
        await page.locator('h1').waitFor();
        const { violations, broken } = await checkPage(page, `console-${pageName}-${name}`);
        expect({ pageName, violations, broken }).toEqual({ pageName, violations: [], broken: [] });
      },
      30000,
    );

    it('dashboard: no empty chart, every label readable and inside its chart', async () => {
      await page.goto(`${base}/console/dashboard`);
      // The whole page, so that people can look at every chart, not only the top of the dashboard.
      await page.screenshot({ path: path.join(ARTIFACTS, `console-dashboard-charts-${name}.png`), fullPage: true });
      // Every chart drawn has bars and a table with the same numbers, an axis saying what the bars measure, a text
      // description, and labels readable at this size that stay inside the drawing.
      for (const chart of await page.locator('figure.fd-chart').all()) {
        expect(await chart.locator('rect').count()).toBeGreaterThan(0);
        expect(await chart.locator('tbody tr').count()).toBe(await chart.locator('rect').count());
        await expect(chart.locator('.fd-chart__axis-title').textContent()).resolves.toMatch(
          /^(Number of|Median time \()/,
        );
        await expect(chart.locator('svg desc').textContent()).resolves.toMatch(/axis: .+ table below/);
        const drawing = (await chart.locator('svg').boundingBox())!;
        for (const text of await chart.locator('svg text').all()) {
          const box = (await text.boundingBox())!;
          // A text box 12.5px high is a font of about 11px, the least a coordinator can read without zooming.
          expect({
            text: await text.textContent(),
            readable: box.height >= 12.5,
            inside: box.x >= drawing.x - 1 && box.x + box.width <= drawing.x + drawing.width + 1,
          }).toEqual({ text: await text.textContent(), readable: true, inside: true });
        }
        const ticks = await Promise.all((await chart.locator('.fd-chart__tick').all()).map((t) => t.boundingBox()));
        for (let i = 1; i < ticks.length; i++)
          expect(ticks[i]!.x).toBeGreaterThan(ticks[i - 1]!.x + ticks[i - 1]!.width);
      }
      expect(await page.locator('figure.fd-chart').count()).toBeGreaterThan(0);
      await page.locator('#chart-response').screenshot({
        path: path.join(ARTIFACTS, `console-dashboard-chart-response-${name}.png`),
      });
      await expect(page.locator('#chart-response .fd-chart__legend').innerText()).resolves.toMatch(/Target/);
    }, 30000);

    it('login: accessible, no broken text', async () => {
      const login = await browser.newPage({ viewport });
      await login.goto(`${base}/console/login`);
      const { violations, broken } = await checkPage(login, `console-login-${name}`);
      expect({ violations, broken }).toEqual({ violations: [], broken: [] });
      await login.close();
    }, 30000);
  });
});

async function waitForAsync(check: () => Promise<boolean>, timeoutMs = 10000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function waitFor(check: () => boolean, timeoutMs = 10000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}
