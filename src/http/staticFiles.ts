import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Request, Response, Server } from 'restify';

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

/** Our pages load only our own files (no CDN) and no inline script; framing is refused (clickjacking). */
export const PAGE_SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

/** NHS.UK frontend's compiled CSS, JS and assets, served from node_modules. */
export const NHSUK_DIR = path.join(path.dirname(require.resolve('nhsuk-frontend/package.json')), 'dist', 'nhsuk');

let nhsukCss: Buffer | undefined;

/**
 * NHS.UK frontend at `prefix`. Its stylesheet loads the Frutiger font from assets.nhs.uk (a CDN, and licensed to
 * NHS.UK): we serve it without those @font-face rules, so our pages make no third-party request and the text uses the
 * fallback in NHS.UK's own font stack (Arial).
 */
export function serveNhsukFrontend(server: Server, prefix: string): void {
  server.get(`${prefix}/nhsuk-frontend.min.css`, async (_req, res) => {
    nhsukCss ??= Buffer.from(
      (await readFile(path.join(NHSUK_DIR, 'nhsuk-frontend.min.css'), 'utf8')).replace(/@font-face\{[^}]*\}/g, ''),
    );
    res.writeHead(200, {
      'content-type': TYPES['.css'],
      'content-length': nhsukCss.length,
      'cache-control': 'public, max-age=86400',
      ...PAGE_SECURITY_HEADERS,
    });
    res.end(nhsukCss);
  });
  serveFolder(server, prefix, NHSUK_DIR);
}

export interface ServeOptions {
  headers?: Record<string, string>;
  /** Large, rarely changing files (Web Chat's bundle) are kept gzipped in memory and cached by browsers for a day. */
  cacheCompressed?: boolean;
}

const compressed = new Map<string, Buffer>();

/** Serves every file under `root` at `prefix` + its relative path. */
export function serveFolder(server: Server, prefix: string, root: string, options: ServeOptions = {}): void {
  server.get(`${prefix}/*`, async (req, res) =>
    sendFile(req, res, root, decodeURIComponent(req.getPath().slice(prefix.length + 1)), options),
  );
}

/** Sends one file under `root`; anything outside it (../) or of a type we do not serve on purpose is a 404. */
export async function sendFile(
  req: Request,
  res: Response,
  root: string,
  relative: string,
  options: ServeOptions = {},
): Promise<void> {
  const full = path.resolve(root, relative);
  const type = TYPES[path.extname(full)];
  if (!full.startsWith(root + path.sep) || !type) return notFound(res);
  const headers = { 'content-type': type, ...PAGE_SECURITY_HEADERS, ...options.headers };
  try {
    if (options.cacheCompressed && /\bgzip\b/.test(req.header('accept-encoding') ?? '')) {
      let body = compressed.get(full);
      if (!body) {
        body = gzipSync(await readFile(full));
        compressed.set(full, body);
      }
      res.writeHead(200, {
        ...headers,
        'content-encoding': 'gzip',
        'content-length': body.length,
        'cache-control': 'public, max-age=86400',
        vary: 'accept-encoding',
      });
      res.end(body);
      return;
    }
    const body = await readFile(full);
    res.writeHead(200, { ...headers, 'content-length': body.length });
    res.end(body);
  } catch {
    notFound(res);
  }
}

function notFound(res: Response): void {
  res.send(404, { error: 'not_found', message: 'No such file.' });
}
