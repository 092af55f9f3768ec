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
    expect(repeatedQuestions(crew, ["Noted: paramedic, call sign Kilo 24. The patient's NHS number?"])).toEqual([]);
    expect(repeatedQuestions(crew, ['Noted: paramedic. And your call sign?'])).toHaveLength(1);
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
