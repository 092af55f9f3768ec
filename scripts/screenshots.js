// Refreshes the README's screenshots from the end-to-end tests' artifacts: npm run screenshots.
const { copyFileSync, mkdirSync } = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const out = path.join(root, 'docs', 'screenshots');
mkdirSync(out, { recursive: true });
for (const [from, to] of [
  ['console-queue-desktop.png', 'console-queue.png'],
  ['console-reports-desktop.png', 'console-reports.png'],
  ['web-chat-phone.png', 'web-chat-phone.png'],
]) {
  copyFileSync(path.join(root, 'test-artifacts', from), path.join(out, to));
  console.log(`docs/screenshots/${to}`);
}
