import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startApp, type RunningApp } from '../../src/app';
import { createLogger } from '../../src/observability/logger';
import { testConfig } from '../support/appConfig';
import { freePort } from '../support/directLine';
import { ARTIFACTS, launchChromium } from '../support/browser';

const logger = createLogger({ level: 'silent' });
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** Serious and critical WCAG 2.2 AA violations on the page as it is now, by axe-core. */
async function accessibilityViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated through the DevTools protocol, so the page's CSP (no inline script) does not stop it.
  await page.evaluate(AXE_SOURCE);
  // A string, run in the page: this project compiles without DOM types.
  const result = (await page.evaluate(
    "axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } })",
  )) as { violations: AxeViolation[] };
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/**
 * The patient's web chat page in Debian's Chromium: Microsoft's Web Chat, bundled from node_modules, talking to our
 * own Direct Line endpoint.
 */
describe('web chat page in Chromium', () => {
  let app: RunningApp;
  let base: string;
  let browser: Browser;

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    app = await startApp(testConfig({ PORT: String(port), PUBLIC_URL: base }), logger);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('changes an appointment by typing and by a suggested action, accessibly, with the 999 banner in view', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems: string[] = [];
    page.on('pageerror', (err) => problems.push(err.message));
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    await page.goto(`${base}/`);

    const chat = page.locator('#webchat');
    // The welcome arrives by itself, and starts with the 999 advice.
    await chat
      .getByText(/this is Front Door .* If this is an emergency, call 999/)
      .first()
      .waitFor();

    const box = page.getByRole('textbox', { name: /message/i });
    await box.fill('I need to change my appointment');
    await box.press('Enter');
    await chat
      .getByText(/check who you are/)
      .first()
      .waitFor();

    // Suggested actions are buttons: choosing one answers the bot's question.
    const myself = chat.getByRole('toolbar', { name: 'Suggested actions' }).getByRole('button', { name: 'Myself' });
    await myself.waitFor();
    await myself.click();
    await chat
      .getByText(/NHS number/)
      .first()
      .waitFor();

    // However far the conversation has scrolled, the emergency banner stays on screen.
    await page.mouse.wheel(0, 2000);
    const banner = await page.getByRole('region', { name: 'Emergency' }).boundingBox();
    expect(banner?.y).toBe(0);
    await expect(page.getByRole('region', { name: 'Emergency' }).innerText()).resolves.toMatch(/call 999/);

    expect(await accessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: path.join(ARTIFACTS, 'web-chat.png') });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('works on a phone screen with the keyboard alone, and ends the chat', async () => {
    const page = await browser.newPage({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });
    await page.goto(`${base}/`);
    await page
      .locator('#webchat')
      .getByText(/If this is an emergency, call 999/)
      .first()
      .waitFor();

    // The skip link is the first stop, and it takes keyboard users to the chat.
    await page.keyboard.press('Tab');
    await expect(page.evaluate('document.activeElement.textContent')).resolves.toMatch(/Skip to the chat/);
    const box = page.getByRole('textbox', { name: /message/i });
    await box.focus();
    await page.keyboard.type('hello');
    await page.keyboard.press('Enter');
    await page.locator('#webchat').getByText('hello', { exact: true }).first().waitFor();
    const width = (await page.evaluate('document.documentElement.scrollWidth')) as number;
    expect(width).toBeLessThanOrEqual(375);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: path.join(ARTIFACTS, 'web-chat-phone.png') });

    const conversationId = (await page.evaluate(
      "JSON.parse(sessionStorage.getItem('frontdoor.chat')).conversationId",
    )) as string;
    await page.getByRole('button', { name: 'End chat' }).click();
    await page.getByText(/This chat has ended/).waitFor();
    await expect(page.getByRole('button', { name: 'Start a new chat' }).isVisible()).resolves.toBe(true);
    const ended = await app.database.connection
      .collection('directline_conversations')
      .findOne({ _id: conversationId as never });
    expect(ended?.endedAt).toBeInstanceOf(Date);
    await page.close();
  });
});
