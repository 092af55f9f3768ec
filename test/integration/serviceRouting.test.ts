import { startApp, type RunningApp } from '../../src/app';
import { loadServiceProfiles } from '../../src/content/services';
import { Rota } from '../../src/integrations/rota/rota';
import { e164 } from '../../src/integrations/twilio/phoneNumbers';
import { createLogger } from '../../src/observability/logger';
import { patientModel } from '../../src/patients/patientModel';
import { testConfig } from '../support/appConfig';
import {
  callParams,
  clockAt,
  newCallSid,
  postWebhook,
  TEST_PUBLIC_URL,
  type TwimlAnswer,
} from '../support/twilioWebhooks';

const logger = createLogger({ level: 'silent' });
// 21:30 on a Wednesday in London: every hub but Medway's is closed, and each service's night rota is on.
const NIGHT = new Date('2026-11-25T21:30:00Z');
const profiles = loadServiceProfiles();

describe('contacts reach their own service (real app, real store)', () => {
  let app: RunningApp;
  let base: string;

  beforeAll(async () => {
    clockAt(NIGHT);
    app = await startApp(testConfig({ PUBLIC_URL: TEST_PUBLIC_URL }), logger);
    base = `http://127.0.0.1:${app.port}`;
  });
  afterAll(async () => {
    await app.stop();
    jest.useRealTimers();
  });

  /** Follows our <Gather> action as Twilio does, with the same `To` as the call. */
  async function answer(last: TwimlAnswer, sid: string, to: string, extra: Record<string, string>) {
    const gather = last.first('Gather');
    if (!gather) throw new Error(`no <Gather> in ${last.body}`);
    return postWebhook(
      base,
      last.pathOf(gather.getAttribute('action')),
      callParams(sid, { To: to, Called: to, ...extra }),
    );
  }

  it.each(profiles.map((p) => [p.id, p.contactNumbers[0], p.rota] as const))(
    'a call to %s (%s) asking for the duty nurse is put through to that service’s duty clinician, and queued there',
    async (id, number, rotaFile) => {
      const sid = newCallSid();
      let last = await postWebhook(base, '/api/voice', callParams(sid, { To: number, Called: number }));
      last = await answer(last, sid, number, { SpeechResult: 'I need the duty nurse', Confidence: '0.9' });
      last = await answer(last, sid, number, { Digits: '2' });
      last = await answer(last, sid, number, { Digits: '2' });
      const expected = Rota.fromContent(rotaFile).onDutySync(NIGHT)[0];
      expect(last.first('Number')?.textContent?.trim()).toBe(e164(expected.phone));
      const items = await app.runtime.queue.findByConversation('voice', sid);
      expect(items.length).toBeGreaterThan(0);
      expect(items.every((item) => item.service === id)).toBe(true);
    },
  );

  it('a call to a number no profile lists belongs to the default service', async () => {
    const sid = newCallSid();
    const unknown = '+442079460999';
    let last = await postWebhook(base, '/api/voice', callParams(sid, { To: unknown, Called: unknown }));
    last = await answer(last, sid, unknown, { SpeechResult: 'I need the duty nurse', Confidence: '0.9' });
    last = await answer(last, sid, unknown, { Digits: '2' });
    last = await answer(last, sid, unknown, { Digits: '2' });
    const wandsworth = Rota.fromContent(profiles.find((p) => p.default)!.rota).onDutySync(NIGHT)[0];
    expect(last.first('Number')?.textContent?.trim()).toBe(e164(wandsworth.phone));
    const items = await app.runtime.queue.findByConversation('voice', sid);
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((item) => item.service === 'wandsworth')).toBe(true);
  });

  it('a Medway patient with a named Senior Community Clinician on tonight’s shift is put through to them first', async () => {
    await patientModel(app.database.connection).create([
      {
        _id: 'pat-test-medway-voice',
        nhsNumber: '9990000034',
        givenName: 'Mabel',
        familyName: 'Thorne',
        dateOfBirth: '1941-06-02',
        postcode: 'ME45AA',
        mobile: '07700900993',
        housebound: true,
        conditions: ['COPD'],
        gpPractice: 'Chatham Central Practice',
        team: 'Chatham Central locality team',
        // On Medway's night shift, second in the rota's order (Niall Ryan, Sara Khan, Ben Hughes).
        keyWorker: { name: 'Sara Khan', role: 'Senior Community Clinician', phone: '07700900833' },
        carers: [],
        carePlan: { reviewedOn: '2026-10-01', reviewDue: '2027-01-01', plans: [] },
      },
    ]);
    const medway = profiles.find((p) => p.id === 'medway')!;
    const number = medway.contactNumbers[0];
    const sid = newCallSid();
    let last = await postWebhook(base, '/api/voice', callParams(sid, { To: number, Called: number }));
    for (const said of ['when is the nurse coming', '9990000034', '2nd of June 1941', 'I need the duty nurse']) {
      last = await answer(last, sid, number, { SpeechResult: said, Confidence: '0.9' });
    }
    last = await answer(last, sid, number, { Digits: '2' });
    last = await answer(last, sid, number, { Digits: '2' });
    expect(last.first('Number')?.textContent?.trim()).toBe(e164('07700900833'));
    const [item] = (await app.runtime.queue.findByConversation('voice', sid)).filter((i) => i.kind === 'escalation');
    expect(item.namedClinician).toMatchObject({ name: 'Sara Khan', onDuty: true });
  });

  async function webChat(service?: string) {
    const token = await fetch(`${base}/api/chat/token${service ? `?service=${service}` : ''}`, { method: 'POST' });
    return {
      status: token.status,
      body: (await token.json()) as { token: string; conversationId: string; userId: string },
    };
  }

  it('a chat on a service’s page (/s/<id>) is that service’s: its items carry it, whatever the client claims', async () => {
    const page = await fetch(`${base}/s/medway`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('/chat/app/chat.js');
    expect((await fetch(`${base}/s/nowhere`)).status).toBe(404);
    expect((await webChat('nowhere')).status).toBe(400);

    const { body } = await webChat('medway');
    const auth = { authorization: `Bearer ${body.token}`, 'content-type': 'application/json' };
    expect((await fetch(`${base}/v3/directline/conversations`, { method: 'POST', headers: auth })).status).toBe(201);
    const sent = await fetch(`${base}/v3/directline/conversations/${body.conversationId}/activities`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({
        type: 'message',
        from: { id: body.userId },
        text: 'my husband has crushing chest pain and can’t breathe',
        // A client cannot move its chat to another service.
        channelData: { service: 'kent' },
      }),
    });
    expect(sent.status).toBe(200);
    const items = await app.runtime.queue.findByConversation('directline', body.conversationId);
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((item) => item.service === 'medway')).toBe(true);
  });
});
