import type { Browser, Page } from 'playwright-core';
import { startApp, type RunningApp } from '../../src/app';
import { StaffDirectory } from '../../src/console/staffUsers';
import type { QueueItem } from '../../src/hub/queueModel';
import { createLogger } from '../../src/observability/logger';
import { testConfig } from '../support/appConfig';
import { launchChromium } from '../support/browser';
import { checkPage, SCREENS } from '../support/pageChecks';

const PASSWORD = 'by-service-e2e-pass-8812';

/**
 * A coordinator of Medway and Kent in Chromium: the queue filtered by service, the dashboard's items per service, and
 * a safeguarding concern's passage to the council, acknowledged through the form; every page at desktop and phone
 * sizes (axe, no "undefined", nothing wider than the screen), screenshots in test-artifacts/.
 */
describe('the console by service in Chromium', () => {
  let app: RunningApp;
  let browser: Browser;
  let page: Page;
  let base: string;
  const items: Record<string, QueueItem> = {};

  beforeAll(async () => {
    app = await startApp(testConfig(), createLogger({ level: 'silent' }));
    base = `http://127.0.0.1:${app.port}`;
    await new StaffDirectory(app.database.connection).ensure({
      email: 'two@svc.test',
      name: 'Tam Two',
      role: 'coordinator',
      password: PASSWORD,
      services: ['medway', 'kent'],
    });
    for (const [key, service, kind] of [
      ['medway', 'medway', 'callback'],
      ['kent', 'kent', 'safeguarding'],
      ['dorset', 'dorset', 'callback'],
    ] as const) {
      items[key] = await app.runtime.queue.create({
        kind,
        disposition: kind === 'safeguarding' ? 'same_day' : 'routine',
        channel: 'directline',
        service,
        conversation: { channelId: 'directline', conversationId: `e2e-svc-${key}-${Date.now()}` },
        summary: {
          contact: { role: 'carer', relationship: 'neighbour' },
          problem: kind === 'safeguarding' ? 'safeguarding concern disclosed' : 'please call me back about a visit',
          answers:
            kind === 'safeguarding'
              ? { disclosure: 'Her son takes her bank card every week and she is scared of him', immediateDanger: 'no' }
              : {},
          redFlags: [],
        },
        idempotencyKey: `e2e-svc-${key}-${Date.now()}`,
        createdBy: 'test',
      });
    }
    for (let i = 0; i < 50 && !(await app.runtime.queue.findById(items.kent._id))!.council?.sentAt; i++) {
      await app.runtime.recordOutbox.drain();
      await new Promise((r) => setTimeout(r, 100));
    }
    browser = await launchChromium();
    page = await browser.newPage({ viewport: SCREENS.desktop });
    page.setDefaultTimeout(8000);
    await page.goto(`${base}/console`);
    await page.fill('#email', 'two@svc.test');
    await page.fill('#password', PASSWORD);
    await page.click('button[type=submit]');
    await page.locator('#queue, #queue-empty').first().waitFor();
  }, 60000);
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('filters the queue by service through the form and names each item’s service', async () => {
    await page.goto(`${base}/console`);
    expect(await page.locator('#service option').allTextContents()).toEqual([
      'All your services',
      'Kent Locality Integrated Health and Social Care Service',
      'Medway and Swale Adult Community Services',
    ]);
    await page.selectOption('#service', 'kent');
    await page.click('form.fd-filters button[type=submit]');
    await page.waitForURL(/service=kent/);
    const rows = page.locator('#queue tbody tr');
    await expect(rows.count()).resolves.toBe(1);
    expect(await rows.first().innerText()).toContain(items.kent.reference);
    expect(await rows.first().locator('.fd-service').innerText()).toBe(
      'Kent Locality Integrated Health and Social Care Service',
    );
    expect(await page.content()).not.toContain(items.dorset.reference);
  });

  it('records the council’s acknowledgement of a safeguarding concern through the item’s form', async () => {
    await page.goto(`${base}/console/items/${items.kent._id}`);
    const council = page.locator('#council');
    expect(await council.innerText()).toMatch(/Central Referral Unit \(adults\), cru\.adults@kent\.example\.gov\.uk/);
    expect(await council.innerText()).toMatch(/Acknowledged\s+Not yet/);
    await page.fill('#council-reference', 'CRU-5521');
    await page.click('#action-council-acknowledged');
    await page.waitForURL(/done=/);
    expect(await page.locator('#council').innerText()).toContain('recorded by Tam Two; their reference CRU-5521');
    expect(await page.locator('#action-council-acknowledged').count()).toBe(0);
  });

  it.each(Object.entries(SCREENS))(
    'passes the page checks at %s size',
    async (name, viewport) => {
      await page.setViewportSize(viewport);
      for (const [pageName, path] of [
        ['queue-by-service', '/console?service=kent'],
        ['item-council', `/console/items/${items.kent._id}`],
        ['dashboard-by-service', '/console/dashboard'],
      ]) {
        await page.goto(`${base}${path}`);
        await page.locator('h1').waitFor();
        const { violations, broken } = await checkPage(page, `console-${pageName}-${name}`);
        expect({ pageName, violations, broken }).toEqual({ pageName, violations: [], broken: [] });
      }
      // The per-service chart has a bar for each of their services with items, and none for others.
      const chart = page.locator('figure.fd-chart', { hasText: 'Queue items by service' });
      expect(await chart.locator('tbody tr').allInnerTexts()).toEqual(
        expect.arrayContaining([expect.stringMatching(/Medway and Swale/), expect.stringMatching(/Kent Locality/)]),
      );
      expect(await chart.locator('rect').count()).toBe(2);
      await page.setViewportSize(SCREENS.desktop);
    },
    60000,
  );
});
