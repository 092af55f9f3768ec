import path from 'node:path';
import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import { PROJECT_ROOT, readContentFile, reviewSchema } from '../content/readContentFile';
import { loadLanguages } from '../intents/language/languages';
import { localeScreenCodes } from '../intents/language/localeScreen';
import { PAGE_SECURITY_HEADERS, sendFile, serveFolder, serveNhsukFrontend } from '../http/staticFiles';
import { linkPhoneNumbers } from './phoneLinks';
import { createViews } from './render';
import type { RecordSystem } from '../record/ports';

type RecordKind = RecordSystem['kind'];

const line = z.string().min(1);
const link = z.object({ text: line, href: z.string().regex(/^\//, 'must be a path on this site') });
const infoPage = z.object({ title: line, paragraphs: z.array(line).min(1) });
const pageSchema = z.object({
  review: reviewSchema,
  page: z.object({
    title: line,
    organisation: z.object({ name: line, split: line.optional(), descriptor: line.optional() }),
    serviceName: line,
    heading: line,
    intro: line,
    emergency: z.object({ heading: line.regex(/999/, 'must tell people to call 999'), detail: line }),
    emergencyCard: z.object({ heading: line.regex(/999/, 'must say 999'), call999: line, call111: line }),
    chatLabel: line,
    senders: z.object({ bot: line, you: line, staff: line }),
    privacy: z.object({
      summary: line,
      // Where a summary of the chat goes depends on the record system Front Door is configured with (RECORD_SYSTEM):
      // the notice says what is true for it, first, on the chat page and on the privacy page.
      record: z.object({ fhir: line, demo: line }),
      paragraphs: z.array(line).min(1),
    }),
    keyboard: z.object({ summary: line, paragraphs: z.array(line).min(1) }),
    endChat: line,
    download: line,
    downloadHeading: line,
    ended: line,
    startAgain: line,
    connecting: line,
    unavailable: line,
    tryAgain: line,
    footer: line,
    footerLinks: z.array(link).min(3),
    copyright: line,
    pages: z.object({ accessibility: infoPage, privacy: infoPage, contact: infoPage }),
    back: line,
  }),
});
export type ChatPageContent = z.infer<typeof pageSchema>['page'];

/** Only what the chat page needs from the red-flag rules: the words of the 999 message, to show it as a care card. */
const redFlagMessagesSchema = z.looseObject({
  messages: z.record(z.string(), z.looseObject({ text: z.string() })),
  rules: z.array(z.looseObject({ disposition: z.string(), message: z.string() })),
});
const dangerSignMessagesSchema = z.looseObject({
  groups: z.array(
    z.looseObject({
      yes: z.looseObject({ disposition: z.string(), message: z.looseObject({ text: z.string() }).optional() }),
    }),
  ),
});

/** Every 999 instruction the bot can give: from a red flag, or from a "yes" to a danger sign. */
function emergencyMessages(): string[] {
  const redFlags = readContentFile('red-flags/rules.yaml', redFlagMessagesSchema);
  const fromRedFlags = redFlags.rules
    .filter((r) => r.disposition === 'emergency_999')
    .map((r) => redFlags.messages[r.message]?.text);
  const fromDangerSigns = readContentFile('triage/danger-signs.yaml', dangerSignMessagesSchema)
    .groups.filter((q) => q.yes.disposition === 'emergency_999')
    .map((q) => q.yes.message?.text);
  return [...new Set([...fromRedFlags, ...fromDangerSigns])]
    .filter((text): text is string => !!text)
    .map((text) => text.trim());
}

const localeMessagesSchema = z.looseObject({
  messages: z.record(z.string(), z.looseObject({ text: z.string() })),
});

/** The 999 instructions of the red-flag rules in each other language served, as they start a translated message. */
function translatedEmergencyMessages(): string[] {
  const redFlags = readContentFile('red-flags/rules.yaml', redFlagMessagesSchema);
  const names = new Set(redFlags.rules.filter((r) => r.disposition === 'emergency_999').map((r) => r.message));
  return localeScreenCodes().flatMap((code) =>
    Object.entries(readContentFile(`red-flags/locales/${code}.yaml`, localeMessagesSchema).messages)
      .filter(([name]) => names.has(name))
      .map(([, m]) => m.text.trim()),
  );
}

/** What the chat page's script is told, as JSON in a data attribute (the page allows no inline script). */
export interface ChatSettings {
  senders: ChatPageContent['senders'];
  emergencyMessages: string[];
  translatedEmergencyMessages: string[];
  /** Codes of the languages written right to left: their messages get dir="rtl". */
  rightToLeft: string[];
  emergencyCard: ChatPageContent['emergencyCard'];
  downloadHeading: string;
}

const CHAT_DIR = path.join(PROJECT_ROOT, 'public', 'chat');
/** The browser modules, bundled by scripts/build-browser.js at build time. */
export const BROWSER_BUNDLES = path.join(PROJECT_ROOT, 'dist', 'browser');
// The package exports only its module entry points; its browser bundles sit in dist/ beside lib/.
const WEBCHAT_DIR = path.join(path.dirname(require.resolve('botframework-webchat')), '..', 'dist');

// Web Chat styles itself with <style> elements it creates (emotion), so styles may be inline; scripts may not.
const CHAT_PAGE_HEADERS = {
  ...PAGE_SECURITY_HEADERS,
  'content-security-policy':
    "default-src 'self'; connect-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; " +
    "font-src 'self' data:; script-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
};

export function loadChatPageContent(): ChatPageContent {
  return readContentFile('webchat/page.yaml', pageSchema).page;
}

/** The page's words with the privacy notice's record paragraph chosen for the configured record system. */
function forRecord(page: ChatPageContent, record: RecordKind): ChatPageContent {
  const said = page.privacy.record[record];
  return {
    ...page,
    privacy: { ...page.privacy, paragraphs: [said, ...page.privacy.paragraphs] },
    pages: {
      ...page.pages,
      privacy: { ...page.pages.privacy, paragraphs: [said, ...page.pages.privacy.paragraphs] },
    },
  };
}

/**
 * The chat page and its footer pages (accessibility statement, privacy notice, contact), from content; the privacy
 * notice names the record a summary goes to for `record` (RECORD_SYSTEM), as the bot's privacy message does.
 */
export function renderChatPages(
  record: RecordKind,
  content: ChatPageContent = loadChatPageContent(),
): Record<string, string> {
  const page = forRecord(content, record);
  const views = createViews();
  views.addFilter('phoneLinks', (text: string) => views.getFilter('safe')(linkPhoneNumbers(text)));
  const settings: ChatSettings = {
    senders: page.senders,
    emergencyMessages: emergencyMessages(),
    translatedEmergencyMessages: translatedEmergencyMessages(),
    rightToLeft: [...loadLanguages().byCode.values()].filter((l) => l.dir === 'rtl').map((l) => l.code),
    emergencyCard: page.emergencyCard,
    downloadHeading: page.downloadHeading,
  };
  const common = { page, skipTo: '#main' };
  return {
    '/': views.render('chat.njk', {
      ...common,
      title: page.title,
      skipTo: '#chat',
      skipText: 'Skip to the chat',
      settings: JSON.stringify(settings),
    }),
    ...Object.fromEntries(
      (['accessibility', 'privacy', 'contact'] as const).map((name) => [
        `/${name}`,
        views.render('info.njk', {
          ...common,
          title: `${page.pages[name].title} - ${page.serviceName} - NHS`,
          skipText: 'Skip to main content',
          info: page.pages[name],
        }),
      ]),
    ),
  };
}

function sendPage(res: Response, html: Buffer): void {
  res.writeHead(200, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': html.length,
    'cache-control': 'no-cache',
    ...CHAT_PAGE_HEADERS,
  });
  res.end(html);
}

/**
 * The patient-facing chat page at /, and at /s/<service> for each commissioned service (the page's script asks for a
 * token naming that service); its footer pages, script and styles, NHS.UK frontend, and Web Chat.
 */
export function registerChatPage(server: Server, services: { byId(id: string): unknown }, record: RecordKind): void {
  const pages = Object.entries(renderChatPages(record)).map(([route, html]) => [route, Buffer.from(html)] as const);
  for (const [route, html] of pages) server.get(route, async (_req: Request, res: Response) => sendPage(res, html));
  const chat = pages.find(([route]) => route === '/')![1];
  server.get('/s/:service', async (req: Request, res: Response) => {
    const service = String((req.params as Record<string, string>).service ?? '');
    if (!services.byId(service)) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', ...CHAT_PAGE_HEADERS });
      res.end('There is no such service.');
      return;
    }
    sendPage(res, chat);
  });
  server.get('/chat/app/chat.js', async (req, res) => sendFile(req, res, BROWSER_BUNDLES, 'chat.js'));
  serveFolder(server, '/chat/app', path.join(CHAT_DIR, 'app'));
  serveNhsukFrontend(server, '/chat/nhsuk');
  // The minimal bundle: everything Front Door uses (messages, suggested actions) without Adaptive Cards or speech.
  server.get('/chat/webchat.js', async (req, res) =>
    sendFile(req, res, WEBCHAT_DIR, 'webchat-minimal.js', { cacheCompressed: true }),
  );
}
