/**
 * `npm run report -- --service <id> --month YYYY-MM [--out file.csv]`: the month's report for one service as CSV,
 * to the file or to standard output. Reads the store Front Door runs on (MONGODB_URI / MONGODB_DB, or the embedded
 * store in DATA_DIR when no server is using it). Built to dist/src/reports/reportCommand.js for production.
 */
import { writeFileSync } from 'node:fs';
import pino from 'pino';
import { label } from '../console/pages/labels';
import { loadConfig } from '../config';
import { loadOutcomes } from '../hub/outcomes';
import { createLogger } from '../observability/logger';
import { openDatabase } from '../store/database';
import { reportCsv } from './reportCsv';
import { loadReportContent } from './reportContent';
import { reportQuery, serviceReport } from './serviceReport';

const argument = (argv: string[], name: string) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};

/** Runs the command; the exit code: 0 done, 2 a bad argument, 1 the store or content failed. */
export async function runReportCommand(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const parsed = reportQuery.safeParse({ service: argument(argv, '--service'), month: argument(argv, '--month') });
  if (!parsed.success) {
    process.stderr.write(
      `${parsed.error.issues[0].message}\nUsage: npm run report -- --service <id> --month YYYY-MM [--out file.csv]\n`,
    );
    return 2;
  }
  // Logs go to standard error: standard output is the CSV.
  const logger = createLogger({ level: 'warn', destination: pino.destination(2) });
  const config = loadConfig(env);
  const content = loadReportContent();
  const outcomes = loadOutcomes();
  const database = await openDatabase(config, logger);
  try {
    const report = await serviceReport(
      { connection: database.connection, content, outcomes, label },
      parsed.data,
      new Date(),
    );
    const csv = reportCsv(report);
    const out = argument(argv, '--out');
    if (out) writeFileSync(out, csv);
    else process.stdout.write(csv);
    return 0;
  } finally {
    await database.close();
  }
}

if (require.main === module) {
  runReportCommand(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (err: unknown) => {
      process.stderr.write(`${(err as Error).message ?? String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
