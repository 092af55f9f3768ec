import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { ROOT } from './processes';

/** Where end-to-end tests leave screenshots for people to look at. */
export const ARTIFACTS = path.join(ROOT, 'test-artifacts');

/** Debian's Chromium, headless, with a fresh profile (no cookies or cache from earlier runs) and nothing fetched. */
export async function launchChromium(): Promise<Browser> {
  process.env.XDG_CONFIG_HOME = mkdtempSync(path.join(tmpdir(), 'front-door-chromium-'));
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic'],
  });
}
