import path from 'node:path';
import nunjucks from 'nunjucks';
import { PROJECT_ROOT } from '../content/readContentFile';
import { NHSUK_DIR } from '../http/staticFiles';

/**
 * Server-rendered pages: Nunjucks with NHS.UK frontend's own macros (`{% from "nhsuk/components/…/macro.njk" %}`),
 * so headers, tables, tags and error summaries are the ones NHS services use. Autoescaped; a missing value prints
 * nothing (never "undefined"), and the e2e tests fail on any page that shows "undefined", "NaN" or "Invalid Date".
 */
export function createViews(...folders: string[]): nunjucks.Environment {
  const loader = new nunjucks.FileSystemLoader(
    [path.dirname(NHSUK_DIR), path.join(PROJECT_ROOT, 'src', 'web', 'views'), ...folders],
    { noCache: process.env.NODE_ENV === 'development' },
  );
  return new nunjucks.Environment(loader, {
    autoescape: true,
    trimBlocks: true,
    lstripBlocks: true,
  });
}
