import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Server } from 'restify';
import { z } from 'zod';
import { PROJECT_ROOT, readContentFile, reviewSchema } from '../content/readContentFile';
import { PAGE_SECURITY_HEADERS, sendFile, serveFolder, serveNhsukFrontend } from '../http/staticFiles';

const line = z.string().min(1);
const pageSchema = z.object({
  review: reviewSchema,
  page: z.object({
    title: line,
    serviceName: line,
    heading: line,
    intro: line,
    emergency: z.object({ heading: line.regex(/999/, 'must tell people to call 999'), detail: line }),
    chatLabel: line,
    privacy: z.object({ summary: line, paragraphs: z.array(line).min(1) }),
    endChat: line,
    ended: line,
    startAgain: line,
    connecting: line,
    unavailable: line,
    tryAgain: line,
    footer: line,
  }),
});

const CHAT_DIR = path.join(PROJECT_ROOT, 'public', 'chat');
// The package exports only its module entry points; its browser bundles sit in dist/ beside lib/.
const WEBCHAT_DIR = path.join(path.dirname(require.resolve('botframework-webchat')), '..', 'dist');

// Web Chat styles itself with <style> elements it creates (emotion), so styles may be inline; scripts may not.
const CHAT_PAGE_HEADERS = {
  ...PAGE_SECURITY_HEADERS,
  'content-security-policy':
    "default-src 'self'; connect-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; " +
    "font-src 'self' data:; script-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
};

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Fills the page template from content/webchat/page.yaml, escaped; the privacy notice is one paragraph each. */
export function renderChatPage(): string {
  const { page } = readContentFile('webchat/page.yaml', pageSchema);
  const values: Record<string, string> = {
    title: escapeHtml(page.title),
    serviceName: escapeHtml(page.serviceName),
    heading: escapeHtml(page.heading),
    intro: escapeHtml(page.intro),
    'emergency.heading': escapeHtml(page.emergency.heading),
    'emergency.detail': escapeHtml(page.emergency.detail),
    chatLabel: escapeHtml(page.chatLabel),
    'privacy.summary': escapeHtml(page.privacy.summary),
    'privacy.paragraphs': page.privacy.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join(''),
    endChat: escapeHtml(page.endChat),
    ended: escapeHtml(page.ended),
    startAgain: escapeHtml(page.startAgain),
    connecting: escapeHtml(page.connecting),
    unavailable: escapeHtml(page.unavailable),
    tryAgain: escapeHtml(page.tryAgain),
    footer: escapeHtml(page.footer),
  };
  const template = readFileSync(path.join(CHAT_DIR, 'index.html'), 'utf8');
  return template.replace(/\{\{([\w.]+)\}\}/g, (_whole, key: string) => {
    if (!(key in values)) throw new Error(`public/chat/index.html: no content for {{${key}}}`);
    return values[key];
  });
}

/** The patient-facing chat page at /, its script and styles, NHS.UK frontend, and Web Chat from node_modules. */
export function registerChatPage(server: Server): void {
  const html = Buffer.from(renderChatPage());
  server.get('/', async (_req, res) => {
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'content-length': html.length,
      'cache-control': 'no-cache',
      ...CHAT_PAGE_HEADERS,
    });
    res.end(html);
  });
  serveFolder(server, '/chat/app', path.join(CHAT_DIR, 'app'));
  serveNhsukFrontend(server, '/chat/nhsuk');
  // The minimal bundle: everything Front Door uses (messages, suggested actions) without Adaptive Cards or speech.
  server.get('/chat/webchat.js', async (req, res) =>
    sendFile(req, res, WEBCHAT_DIR, 'webchat-minimal.js', { cacheCompressed: true }),
  );
}
