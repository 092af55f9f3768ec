import path from 'node:path';
import type { Server } from 'restify';
import { PROJECT_ROOT } from '../content/readContentFile';
import { sendFile, serveFolder, serveNhsukFrontend } from '../http/staticFiles';
import { BROWSER_BUNDLES } from '../web/chatPage';

const CONSOLE_DIR = path.join(PROJECT_ROOT, 'public', 'console');

/** The console's script (bundled from public/console/src), its styles, and NHS.UK frontend at /console/nhsuk/*. */
export function registerStaticFiles(server: Server): void {
  server.get('/console/app/console.js', async (req, res) => sendFile(req, res, BROWSER_BUNDLES, 'console.js'));
  serveFolder(server, '/console/app', path.join(CONSOLE_DIR, 'app'));
  serveNhsukFrontend(server, '/console/nhsuk');
}
