import { startApp, type RunningApp } from '../../src/app';
import { MAX_SMS_SEGMENTS, nonGsmCharacters, smsSize } from '../../src/integrations/twilio/smsSegments';
import { createLogger } from '../../src/observability/logger';
import { testConfig } from '../support/appConfig';
import { newMessageSid, OUR_NUMBER, postWebhook, TEST_PUBLIC_URL } from '../support/twilioWebhooks';

// Issue 17 item 6: every reply a texter gets fits in two SMS parts (306 GSM-7 characters, 134 if anything forces
// UCS-2) and uses texting words: never "say", "press" or "click". Whole conversations on every route, through signed
// webhooks, so what is measured is the body Twilio would send.

const CONVERSATIONS: [string, string[]][] = [
  [
    'the welcome and a visit change',
    ['hello', '1', 'I need to change my appointment', '9992345675', '14/03/1939', '1', '1'],
  ],
  [
    'an urgent red flag, the danger signs and the escalation',
    ["my dad's catheter is blocked and nothing is draining", 'no', 'no'],
  ],
  ['a danger sign answered not sure', ['my mum has a bit of a cough', 'not sure', 'no']],
  ['chest pain', ["he's got chest pains"]],
  ['an overdose reported by a carer', ['my mum has taken all her tablets, the whole box']],
  ['feeling unwell to advice', ['I feel unwell', 'no', 'no', 'I have a cough and a sore throat', 'no', 'no']],
  [
    'identity not matched three times',
    ['can you tell me when my next visit is', '1234567890', 'I dont know', 'Joe Bloggs', '1 Jan 1950', 'SW1A 1AA'],
  ],
  ['a complaint', ['I want to make a complaint', 'the nurse never turned up yesterday and nobody called']],
  ['opening hours and services', ['what are your opening hours', 'do you cover Wandsworth']],
  [
    'a safeguarding concern',
    ["I'm worried my neighbour is being hurt by her son", 'no', 'he shouts at her and she has bruises'],
  ],
  [
    'a professional handover',
    [
      'paramedic, LAS, call sign Alpha 12, 84-year-old fall, NHS 943 476 5919, RR 22 sats 93 pulse 98 temp 37.9 alert, needs rapid response',
      'SW18 2PU',
    ],
  ],
  ['a referral', ['I want to refer my mum to the community nurses', '2']],
  ['a deaf texter', ['I am deaf, can I text someone instead of calling?', 'no', 'no']],
  ['a person asked for', ['can I speak to a real person', 'no', 'no']],
  ['not understood', ['blorp', 'zzzz', 'qwerty']],
];

describe('SMS replies fit in two parts and use texting words', () => {
  let app: RunningApp;
  let base: string;
  beforeAll(async () => {
    app = await startApp(testConfig({ PUBLIC_URL: TEST_PUBLIC_URL }), createLogger({ level: 'silent' }));
    base = `http://127.0.0.1:${app.port}`;
  });
  afterAll(() => app.stop());

  it.each(CONVERSATIONS.map(([name, turns], i) => [name, turns, i] as const))('%s', async (_name, turns, i) => {
    const from = `+4477009007${String(i).padStart(2, '0')}`;
    const problems: string[] = [];
    for (const said of turns) {
      const answer = await postWebhook(base, '/api/sms', {
        MessageSid: newMessageSid(),
        From: from,
        To: OUR_NUMBER,
        Body: said,
      });
      expect(answer.status).toBe(200);
      for (const message of Array.from(answer.doc.getElementsByTagName('Message'))) {
        const body = message.textContent ?? '';
        const size = smsSize(body);
        if (size.segments > MAX_SMS_SEGMENTS) {
          const why = size.encoding === 'UCS-2' ? ` (UCS-2 because of ${nonGsmCharacters(body).join(' ')})` : '';
          problems.push(`"${said}" → ${size.units} ${size.encoding} units, ${size.segments} parts${why}: ${body}`);
        }
        // "Say you think it could be sepsis" is what to tell 999, not how to answer us.
        const spoken = body.match(/\b(or say|say (it|")|press (\d|one)|click|tap)\b/i);
        if (spoken) problems.push(`"${said}" → "${spoken[0]}" is not a texting word: ${body}`);
      }
    }
    expect(problems).toEqual([]);
  });
});
