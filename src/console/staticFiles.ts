import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Request, Response, Server } from 'restify';
import { PROJECT_ROOT } from '../content/readContentFile';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

// Only our own files and NHS.UK frontend from node_modules: no CDN, no inline script.
const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

const CONSOLE_DIR = path.join(PROJECT_ROOT, 'public', 'console');
const NHSUK_DIR = path.join(path.dirname(require.resolve('nhsuk-frontend/package.json')), 'dist', 'nhsuk');

/** The console page and its assets: /console, /console/app/*, and NHS.UK frontend at /console/nhsuk/*. */
export function registerStaticFiles(server: Server): void {
  server.get('/console', async (_req, res) => serve(res, CONSOLE_DIR, 'index.html'));
  server.get('/console/app/*', async (req, res) =>
    serve(res, path.join(CONSOLE_DIR, 'app'), rest(req, '/console/app/')),
  );
  server.get('/console/nhsuk/*', async (req, res) => serve(res, NHSUK_DIR, rest(req, '/console/nhsuk/')));
}

function rest(req: Request, prefix: string): string {
  return decodeURIComponent(req.getPath().slice(prefix.length));
}

async function serve(res: Response, root: string, relative: string): Promise<void> {
  const full = path.resolve(root, relative);
  const type = TYPES[path.extname(full)];
  // Refuse anything outside the folder (../) and any file type we do not serve on purpose.
  if (!full.startsWith(root + path.sep) || !type) return notFound(res);
  try {
    const body = await readFile(full);
    res.writeHead(200, { 'content-type': type, 'content-length': body.length, ...SECURITY_HEADERS });
    res.end(body);
  } catch {
    notFound(res);
  }
}

function notFound(res: Response): void {
  res.send(404, { error: 'not_found', message: 'No such console file.' });
}
