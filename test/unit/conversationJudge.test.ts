import { conversationCaseSchema } from '../../scripts/conversations/conversationCase';
import { lostEscalation, reached, repeatedQuestions, type Evidence } from '../../scripts/conversations/judge';

// eval:conversations' judge (issue 17): a read-back is not a question, and a provisional item is neither the outcome
// nor a lost escalation.

const crew = conversationCaseSchema.parse({
  id: 't1',
  channel: 'voice',
  turns: ['paramedic here, call sign Kilo two four'],
  outcome: { result: 'handed_to_duty_clinician', mustNotAskAgain: ['call_sign'], leavesAfterTurn: 1 },
});

const evidence = (over: Partial<Evidence>): Evidence => ({
  texts: [],
  dialled: false,
  marks: [],
  queue: [],
  provisional: 0,
  audit: [],
  feedback: [],
  ...over,
});

describe('the conversation judge', () => {
  it('does not count a read-back of the call sign as asking for it, and counts asking for it', () => {
    const said = crew.turns[0];
    expect(
      repeatedQuestions(crew, [{ said, answer: ["Noted: paramedic, call sign Kilo 24. The patient's NHS number?"] }]),
    ).toEqual([]);
    expect(repeatedQuestions(crew, [{ said, answer: ['Noted: paramedic. And your call sign?'] }])).toHaveLength(1);
  });

  const visit = conversationCaseSchema.parse({
    id: 't2',
    channel: 'webchat',
    turns: ['can I move my nurse visit on Friday', 'Rosa Lindqvist', '2 July 1950'],
    outcome: { result: 'visit_changed', mustNotAskAgain: ['name', 'dob'] },
  });

  it('does not take a question for the date of birth as one for the name', () => {
    const exchanges = [
      { said: visit.turns[0], answer: ['What is your full name?'] },
      { said: visit.turns[1], answer: ['What is your date of birth? For example, 14 March 1939.'] },
    ];
    expect(repeatedQuestions(visit, exchanges)).toEqual([]);
  });

  it('counts a question only once the person has given what it asks for', () => {
    const firstAsked = [{ said: visit.turns[0], answer: ['What is your full name?'] }];
    expect(repeatedQuestions(visit, firstAsked)).toEqual([]);
    const askedAgain = [...firstAsked, { said: visit.turns[1], answer: ["Sorry. What's your name?"] }];
    expect(repeatedQuestions(visit, askedAgain)).toEqual(["name: Sorry. What's your name?"]);
    const spoken = conversationCaseSchema.parse({ ...visit, turns: ['its rosa lindqvist'] });
    expect(repeatedQuestions(spoken, [{ said: spoken.turns[0], answer: ['And your full name?'] }])).toHaveLength(1);
    const notAName = conversationCaseSchema.parse({ ...visit, turns: ["it's for me about the nurse"] });
    expect(repeatedQuestions(notAName, [{ said: notAName.turns[0], answer: ['And your full name?'] }])).toEqual([]);
  });

  it("counts a carer's own name as asked again only after they gave their own, not the patient's", () => {
    const carer = conversationCaseSchema.parse({
      ...visit,
      turns: ['Rosa Lindqvist, 2 July 1950, SW11 1AA', 'I am her son', 'my name is Piotr Lindqvist'],
    });
    const ownName = 'And what is your own full name?';
    const patientOnly = [{ said: carer.turns[0], answer: [ownName] }];
    expect(repeatedQuestions(carer, patientOnly)).toEqual([]);
    const afterOwn = [
      ...patientOnly,
      { said: carer.turns[1], answer: [] },
      { said: carer.turns[2], answer: [ownName] },
    ];
    expect(repeatedQuestions(carer, afterOwn)).toEqual([`name: ${ownName}`]);
  });

  it('counts a question for observations, NEWS2 or the need only after a turn that gave them', () => {
    const gp = conversationCaseSchema.parse({
      id: 't3',
      channel: 'webchat',
      turns: ['Dr Helen Ward, GP', 'RR 24, sats 89% on air, NEWS2 6, rapid response please'],
      outcome: { result: 'referral', mustNotAskAgain: ['observations', 'news', 'need'] },
    });
    const asked = [{ said: gp.turns[0], answer: ['Observations, if you have them? What do you need?'] }];
    expect(repeatedQuestions(gp, asked)).toEqual([]);
    const again = [...asked, { said: gp.turns[1], answer: ['Observations, if you have them? What do you need?'] }];
    expect(repeatedQuestions(gp, again).map((r) => r.split(':')[0])).toEqual(['observations', 'news', 'need']);
  });

  it('takes a settled urgent item as the outcome, a provisional one as neither the outcome nor lost', () => {
    expect(reached('duty_clinician', evidence({ queue: [{ kind: 'escalation', disposition: 'urgent_2h' }] }))).toBe(
      true,
    );
    const left = evidence({ provisional: 1 });
    expect(reached('duty_clinician', left)).toBe(false);
    expect(lostEscalation(crew, left)).toBe(false);
    expect(lostEscalation(crew, evidence({}))).toBe(true);
  });
});
