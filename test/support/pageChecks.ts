import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { ARTIFACTS } from './browser';

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** The two screens every page is looked at on: a common office monitor and a small phone. */
export const SCREENS = {
  desktop: { width: 1366, height: 768 },
  phone: { width: 375, height: 667 },
} as const;

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** Every axe-core violation of WCAG 2.0–2.2 A and AA and of axe's best practice, whatever its impact. */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol, so the page's CSP (no inline script) does not stop it.
  await page.evaluate(AXE_SOURCE);
  const result = (await page.evaluate(
    "axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] } })",
  )) as { violations: AxeViolation[] };
  return result.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
}

/** Text a page must never show: a value that was missing, an object printed whole, a sum or date that failed. */
export async function brokenText(page: Page): Promise<string[]> {
  const text = (await page.evaluate('document.body.innerText')) as string;
  return ['undefined', '[object', 'NaN', 'Invalid Date'].filter((bad) => text.includes(bad));
}

/** A page wider than the screen (a table that does not fit a phone) makes the reader scroll sideways to read a row. */
export async function sidewaysScroll(page: Page): Promise<string[]> {
  const [scrollWidth, clientWidth] = (await page.evaluate(
    '[document.documentElement.scrollWidth, document.documentElement.clientWidth]',
  )) as [number, number];
  return scrollWidth > clientWidth ? [`page is ${scrollWidth}px wide on a ${clientWidth}px screen`] : [];
}

/**
 * Axe, broken text and a screenshot (kept in test-artifacts/ for people to look at). `broken` also has the page
 * being wider than the screen: every page is checked at phone width too.
 */
export async function checkPage(page: Page, name: string): Promise<{ violations: string[]; broken: string[] }> {
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });
  return {
    violations: await accessibilityViolations(page),
    broken: [...(await brokenText(page)), ...(await sidewaysScroll(page))],
  };
}
