import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startApp, type RunningApp } from '../../src/app';
import { createLogger } from '../../src/observability/logger';
import { testConfig } from '../support/appConfig';
import { freePort } from '../support/directLine';
import { ARTIFACTS, launchChromium } from '../support/browser';
import { checkPage, SCREENS } from '../support/pageChecks';

const logger = createLogger({ level: 'silent' });

/** Whether the element is wholly inside the first screenful, without scrolling. */
async function aboveTheFold(page: Page, selector: string): Promise<boolean> {
  const box = await page.locator(selector).first().boundingBox();
  const height = page.viewportSize()!.height;
  return !!box && box.y >= 0 && box.y + box.height <= height;
}

/**
 * The patient's web chat page in Debian's Chromium: Microsoft's Web Chat, bundled from node_modules, talking to our
 * own Direct Line endpoint, in the NHS.UK style, on a desktop and on a phone.
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

  it.each(Object.entries(SCREENS))(
    'on a %s screen: NHS header, conversation and message box above the fold, accessible, labelled',
    async (name, viewport) => {
      const page = await browser.newPage({ viewport, isMobile: name === 'phone', hasTouch: name === 'phone' });
      page.setDefaultTimeout(8000);
      const problems: string[] = [];
      page.on('pageerror', (err) => problems.push(err.message));
      page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
      await page.goto(`${base}/`);

      // The official NHS logo (the macro's SVG) and the organisation's name from content.
      await expect(page.locator('header .nhsuk-header__logo title').textContent()).resolves.toBe('NHS');
      await expect(page.getByRole('banner').innerText()).resolves.toMatch(/Riverside Community Health/);

      const chat = page.locator('#webchat');
      await chat
        .getByText(/this is Front Door .* If this is an emergency, call 999/)
        .first()
        .waitFor();
      // The welcome's three answers (Myself, carer, professional) all on screen, whole and inside the chat: none
      // wrapped out of sight or cut off, even at 375 px.
      const roles = chat.getByRole('toolbar', { name: 'Suggested actions' }).getByRole('button');
      await roles.filter({ hasText: "I'm a professional" }).waitFor();
      await expect(roles.allInnerTexts()).resolves.toEqual(['Myself', "I'm a carer", "I'm a professional"]);
      const welcomeBox = (await chat.boundingBox())!;
      for (const button of await roles.all()) {
        const b = (await button.boundingBox())!;
        expect(b.x).toBeGreaterThanOrEqual(welcomeBox.x - 1);
        expect(b.x + b.width).toBeLessThanOrEqual(welcomeBox.x + welcomeBox.width + 1);
        expect(b.y + b.height).toBeLessThanOrEqual(viewport.height);
        // One line of text per button: the label is not broken over two lines inside it.
        expect(b.height).toBeLessThan(60);
      }
      await page.screenshot({ path: path.join(ARTIFACTS, `web-chat-welcome-${name}.png`) });
      // Every number the bot writes is a tap-to-call link.
      await expect(chat.locator('a[href="tel:999"]').first().isVisible()).resolves.toBe(true);
      // Who said it: a label above each turn.
      const label = (selector: string) =>
        page.evaluate(
          `getComputedStyle(document.querySelector('${selector} .webchat__stacked-layout__content'), '::before').content`,
        );
      await expect(label('.webchat__stacked-layout--show-nub:not(.webchat__stacked-layout--from-user)')).resolves.toBe(
        '"Front Door"',
      );

      const box = page.getByRole('textbox', { name: /message/i });
      await box.fill('I need to change my appointment');
      await box.press('Enter');
      await chat.locator('p', { hasText: 'I need to change my appointment' }).first().waitFor();
      await expect(label('.webchat__stacked-layout--from-user.webchat__stacked-layout--show-nub')).resolves.toBe(
        '"You"',
      );
      // The welcome asked who this is for and "my appointment" answers it: the NHS number is asked next, not the role.
      const dontKnow = chat
        .getByRole('toolbar', { name: 'Suggested actions' })
        .getByRole('button', { name: "I don't know it" });
      await dontKnow.waitFor();
      await page.waitForTimeout(300);

      expect(await aboveTheFold(page, '.webchat__send-box')).toBe(true);
      expect(await aboveTheFold(page, '[role=toolbar][aria-label="Suggested actions"]')).toBe(true);
      expect(await aboveTheFold(page, '.webchat__basic-transcript')).toBe(true);
      // No sideways scrolling, and every answer button fits inside the chat.
      expect((await page.evaluate('document.documentElement.scrollWidth')) as number).toBeLessThanOrEqual(
        viewport.width,
      );
      const chatBox = (await chat.boundingBox())!;
      for (const button of await chat.getByRole('toolbar', { name: 'Suggested actions' }).getByRole('button').all()) {
        const b = (await button.boundingBox())!;
        expect(b.x + b.width).toBeLessThanOrEqual(chatBox.x + chatBox.width + 1);
      }

      // The message box shows the NHS yellow focus.
      await box.focus();
      const outline = (await page.evaluate('getComputedStyle(document.activeElement).outlineColor')) as string;
      expect(outline).toBe('rgb(255, 235, 59)');

      const { violations, broken } = await checkPage(page, `web-chat-${name}`);
      expect(violations).toEqual([]);
      expect(broken).toEqual([]);
      expect(problems).toEqual([]);
      await page.close();
    },
  );

  it('shows the 999 reply as an emergency care card with tap-to-call links', async () => {
    const page = await browser.newPage({ viewport: SCREENS.phone, isMobile: true, hasTouch: true });
    await page.goto(`${base}/`);
    const chat = page.locator('#webchat');
    await chat
      .getByText(/If this is an emergency, call 999/)
      .first()
      .waitFor();
    const box = page.getByRole('textbox', { name: /message/i });
    await box.fill('my husband has collapsed and is not breathing');
    await box.press('Enter');
    const card = chat.locator('.fd-care-card').last();
    await card.waitFor();
    await expect(card.innerText()).resolves.toMatch(/Call 999 now/);
    // An English message is one part, its full stop kept with its last sentence (it was once cut off on a line of its own).
    await expect(card.locator('.fd-message').count()).resolves.toBe(1);
    await expect(card.locator('.fd-message').innerText()).resolves.toMatch(/hang up and call 999\.$/);
    await expect(card.locator('a[href="tel:999"]').count()).resolves.toBeGreaterThan(0);
    await expect(card.locator('a[href="tel:111"]').count()).resolves.toBe(1);
    // The hub's number in the next message is a link too.
    const hub = chat.locator('a[href^="tel:0"]').first();
    await hub.waitFor();
    const afterwards = hub.locator('xpath=ancestor::div[contains(@class, "fd-message")]');
    await expect(afterwards.innerText()).resolves.toMatch(/\(demo\)\.$/);
    const { violations, broken } = await checkPage(page, 'web-chat-emergency-phone');
    expect(violations).toEqual([]);
    expect(broken).toEqual([]);
    await page.close();
  });

  it.each(Object.entries(SCREENS))(
    'on a %s screen: an Urdu emergency gets the care card in Urdu, right to left, then in English',
    async (name, viewport) => {
      const page = await browser.newPage({ viewport, isMobile: name === 'phone', hasTouch: name === 'phone' });
      page.setDefaultTimeout(8000);
      await page.goto(`${base}/`);
      const chat = page.locator('#webchat');
      await chat
        .getByText(/If this is an emergency, call 999/)
        .first()
        .waitFor();
      const box = page.getByRole('textbox', { name: /message/i });
      // "My father has fallen and is not breathing."
      await box.fill('میرے ابو گر گئے ہیں اور سانس نہیں لے رہے');
      await box.press('Enter');
      const card = chat.locator('.fd-care-card').last();
      await card.waitFor();
      const urdu = card.locator('.fd-message[lang="ur"]');
      await expect(urdu.getAttribute('dir')).resolves.toBe('rtl');
      await expect(urdu.innerText()).resolves.toMatch(/999/);
      await expect(urdu.innerText()).resolves.toMatch(/[\u0600-\u06ff]/);
      // The English follows, marked English and left to right, with the call buttons.
      const english = card.locator('.fd-message[lang="en-GB"]');
      await expect(english.getAttribute('dir')).resolves.toBe('ltr');
      await expect(english.innerText()).resolves.toMatch(/Call 999 now/);
      await expect(card.locator('a[href="tel:999"]').count()).resolves.toBeGreaterThan(0);
      // Right to left means the Urdu starts at the right-hand edge of the card.
      const cardBox = (await card.boundingBox())!;
      const firstLine = (await page.evaluate(
        `(() => { const range = document.createRange(); range.selectNodeContents(document.querySelector('.fd-care-card .fd-message[lang="ur"] p')); const r = range.getClientRects()[0]; return { left: r.left, right: r.right }; })()`,
      )) as { left: number; right: number };
      expect(cardBox.x + cardBox.width - firstLine.right).toBeLessThan(firstLine.left - cardBox.x);
      // The English messages around it are marked English too.
      await expect(chat.locator('.fd-message[lang="en-GB"][dir="ltr"]').count()).resolves.toBeGreaterThan(1);
      await urdu.scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(ARTIFACTS, `web-chat-urdu-${name}.png`) });
      const { violations, broken } = await checkPage(page, `web-chat-urdu-${name}`);
      expect(violations).toEqual([]);
      expect(broken).toEqual([]);
      await page.close();
    },
  );

  it('keeps the emergency banner in view, works with the keyboard, downloads the chat and ends it', async () => {
    const page = await browser.newPage({ viewport: SCREENS.phone, isMobile: true, hasTouch: true });
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
    // Tabbing into the conversation does not open Web Chat's keyboard help over it.
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Shift+Tab');
    await expect(page.locator('.webchat__keyboard-help').isVisible()).resolves.toBe(false);

    await page.mouse.wheel(0, 2000);
    const banner = await page.getByRole('region', { name: 'Emergency' }).boundingBox();
    expect(banner?.y).toBe(0);

    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download this conversation' }).click();
    const file = await (await downloading).path();
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(/Conversation with Front Door/);
    expect(text).toMatch(/You: hello/);
    expect(text).toMatch(/Front Door: .*call 999/);

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

  it.each(['accessibility', 'privacy', 'contact'])('has a %s page linked from the footer', async (name) => {
    for (const [screen, viewport] of Object.entries(SCREENS)) {
      const page = await browser.newPage({ viewport });
      await page.goto(`${base}/`);
      await page
        .locator('footer')
        .getByRole('link', { name: new RegExp(name, 'i') })
        .click();
      await page.locator('h1').waitFor();
      expect(page.url()).toBe(`${base}/${name}`);
      const { violations, broken } = await checkPage(page, `web-chat-${name}-${screen}`);
      expect(violations).toEqual([]);
      expect(broken).toEqual([]);
      await page.close();
    }
  });
});
