import path from 'node:path';
import type { Server } from 'restify';
import { PROJECT_ROOT } from '../content/readContentFile';
import { sendFile, serveFolder, serveNhsukFrontend } from '../http/staticFiles';

const CONSOLE_DIR = path.join(PROJECT_ROOT, 'public', 'console');

/** The console page and its assets: /console, /console/app/*, and NHS.UK frontend at /console/nhsuk/*. */
export function registerStaticFiles(server: Server): void {
  server.get('/console', async (req, res) => sendFile(req, res, CONSOLE_DIR, 'index.html'));
  serveFolder(server, '/console/app', path.join(CONSOLE_DIR, 'app'));
  serveNhsukFrontend(server, '/console/nhsuk');
}
