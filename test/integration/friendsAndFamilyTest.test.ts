import { startApp, type RunningApp } from '../../src/app';
import { createLogger } from '../../src/observability/logger';
import { configWithAdmin, TEST_ADMIN } from '../support/appConfig';
import { ConsoleClient } from '../support/consoleClient';
import { newMessageSid, OUR_NUMBER, postWebhook, TEST_PUBLIC_URL } from '../support/twilioWebhooks';

const logger = createLogger({ level: 'silent' });

/** The row of the console's FFT table for one answer: its count. */
function countOf(page: string, answer: string): number {
  const table = page.slice(page.indexOf('id="fft"'), page.indexOf('</table>', page.indexOf('id="fft"')));
  const row = new RegExp(`${answer}</td><td class="nhsuk-table__cell">(\\d+)<`).exec(table);
  if (!row) throw new Error(`no FFT row for ${answer}`);
  return Number(row[1]);
}

describe('Friends and Family Test answers, texted in and counted on the console', () => {
  let app: RunningApp;
  let base: string;
  let admin: ConsoleClient;

  beforeAll(async () => {
    app = await startApp(configWithAdmin({ PUBLIC_URL: TEST_PUBLIC_URL }), logger);
    base = `http://127.0.0.1:${app.port}`;
    admin = new ConsoleClient(base);
    expect((await admin.login(TEST_ADMIN.email, TEST_ADMIN.password)).status).toBe(200);
  });
  afterAll(() => app.stop());

  const text = async (from: string, body: string) => {
    const answer = await postWebhook(base, '/api/sms', {
      MessageSid: newMessageSid(),
      From: from,
      To: OUR_NUMBER,
      Body: body,
    });
    expect(answer.status).toBe(200);
    return [...answer.doc.getElementsByTagName('Message')].map((m) => m.textContent ?? '').join('\n');
  };
  const complaintsPage = async () => {
    const res = await fetch(`${base}/console/complaints`, { headers: { cookie: admin.cookie } });
    expect(res.status).toBe(200);
    return res.text();
  };

  it('stores each answer (a reply digit or words) and its reason in the store, and the page counts them', async () => {
    const before = await complaintsPage();
    expect(before).toMatch(/No Friends and Family Test answers in the last 30 days/);

    // One texter answers by the menu's digit and says why; another in words; a third ignores the question.
    const asked = await text('+447700900601', 'what are your opening hours?');
    expect(asked).toMatch(/Overall, how was your experience of our service\?/);
    // The SMS menu reads as one sentence (issue 17): every answer, its digit, and the last after "or".
    expect(asked).toMatch(
      /Reply 1 for Very good, 2 for Good, 3 for Neither good nor poor, 4 for Poor, 5 for Very poor, or 6 for Don't know\.$/,
    );
    expect(await text('+447700900601', '2')).toMatch(/tell us why you gave your answer/);
    expect(await text('+447700900601', 'Quick answer, easy to read')).toMatch(/Thank you for telling us/);

    await text('+447700900602', 'what are your opening hours?');
    expect(await text('+447700900602', 'very poor to be honest')).toMatch(/make a complaint/);

    await text('+447700900603', 'what are your opening hours?');
    expect(await text('+447700900603', 'what is the phone number for carers support?')).not.toMatch(/tell us why/);

    const stored = await app.database.connection
      .collection('feedback')
      .find({ fft: { $exists: true } }, { projection: { _id: 0, fft: 1, text: 1, channel: 1, complaint: 1 } })
      .sort({ createdAt: 1 })
      .toArray();
    expect(stored).toEqual([
      { fft: 'good', text: 'Quick answer, easy to read', channel: 'sms', complaint: false },
      { fft: 'very_poor', text: '', channel: 'sms', complaint: false },
    ]);

    const after = await complaintsPage();
    expect(countOf(after, 'Good')).toBe(1);
    expect(countOf(after, 'Very poor')).toBe(1);
    expect(countOf(after, 'Very good')).toBe(0);
    expect(countOf(after, 'Neither good nor poor')).toBe(0);
    expect(after).toMatch(/50% of 2 answers were good or very good/);
    expect(after).toMatch(
      /<td class="nhsuk-table__cell">Good<\/td><td class="nhsuk-table__cell fd-queue__problem">Quick answer, easy to read<\/td>/,
    );
    // An answer without a reason is counted but not listed among the reasons.
    expect(after.match(/id="fft-reasons"[\s\S]*?<\/table>/)![0]).not.toMatch(/Very poor/);
  });
});
