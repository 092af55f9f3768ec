import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createUnderstander } from '../../../src/intents';
import { createNormaliser } from '../../../src/intents/normalise';
import { DISPOSITIONS, urgencyRank } from '../../../src/triage/dispositions';
import { SAFETY_NET_REASON, UrgencySafetyNet, urgencyFeatures } from '../../../src/triage/urgencySafetyNet';

// H225: the learned urgency safety net lifts a same-day-or-lower message to urgent_2h when it is confident; it never
// lowers a disposition and never gives 999 (the deterministic rules keep 999).
const normalise = createNormaliser();
const understander = createUnderstander();

describe('the learned urgency safety net in understand() (H225)', () => {
  // Written for this test, not taken from any blind set: 2-hour problems told with no finding the rules know.
  it.each([
    [
      'dad has gone downhill fast since yesterday, he will not eat or drink and he is very weak, please can someone come',
    ],
    ['my brother is diabetic and his sugars keep reading high, he is being sick and is very thirsty'],
  ])('lifts "%s" to a 2-hour call back, with the reason kept', (text) => {
    const u = understander.understand(text);
    expect(u.redFlags).toEqual([]);
    expect(u.disposition).toBe('urgent_2h');
    expect(u.safetyNet?.reason).toBe(SAFETY_NET_REASON);
    expect(urgencyRank(u.safetyNet!.from)).toBeGreaterThanOrEqual(urgencyRank('same_day'));
    expect(u.clinical).toBe(true);
  });

  it.each([
    ['can I move my dressing visit to Thursday afternoon please'],
    ['I need a repeat prescription for my cream'],
    ['thank you, the nurse was lovely this morning'],
    // A safeguarding concern keeps its own route, which asks about danger now itself (H225).
    ['my neighbour has grip marks on her arms again and her son shouts at her'],
  ])('leaves "%s" alone', (text) => {
    const u = understander.understand(text);
    expect(u.safetyNet).toBeUndefined();
    expect(u.disposition).not.toBe('urgent_2h');
  });

  it('never gives 999 and never touches a 2-hour or 999 decision, over the labelled examples', () => {
    const file = path.join(__dirname, '../../../content/triage/urgency-examples/examples.jsonl');
    const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
    let lifted = 0;
    for (let i = 0; i < lines.length; i += 50) {
      const u = understander.understand((JSON.parse(lines[i]) as { text: string }).text);
      if (!u.safetyNet) continue;
      lifted++;
      expect(u.disposition).toBe('urgent_2h');
      expect(['same_day', 'routine', 'self_care', 'none']).toContain(u.safetyNet.from);
    }
    // The test would pass vacuously if nothing were ever lifted.
    expect(lifted).toBeGreaterThan(0);
  });
});

describe('UrgencySafetyNet.lift', () => {
  const examples = [
    ...['he is very unwell and getting worse fast', 'she is getting worse fast and very weak'].map((t) => ({
      features: urgencyFeatures(normalise(t)),
      urgent: true,
    })),
    ...['please move my visit', 'can you move the visit to monday', 'thanks for the visit'].map((t) => ({
      features: urgencyFeatures(normalise(t)),
      urgent: false,
    })),
  ];
  const net = UrgencySafetyNet.train(examples, { threshold: 0.9, minCount: 1 });
  const urgent = normalise('getting worse fast and very weak');

  it('lifts only same-day or lower, and only to the 2-hour level', () => {
    expect(net.probability(urgent)).toBeGreaterThan(0.9);
    for (const d of DISPOSITIONS) {
      const lift = net.lift(d, urgent);
      if (d === 'emergency_999' || d === 'urgent_2h') expect(lift).toBeUndefined();
      else expect(lift).toEqual(expect.objectContaining({ reason: SAFETY_NET_REASON, from: d }));
    }
  });

  it('never lifts below its threshold', () => {
    const calm = normalise('please move my visit to monday');
    expect(net.probability(calm)).toBeLessThan(0.9);
    for (const d of DISPOSITIONS) expect(net.lift(d, calm)).toBeUndefined();
  });

  it('leaves an intent with its own route to that route', () => {
    const routed = UrgencySafetyNet.train(examples, {
      threshold: 0.9,
      minCount: 1,
      ownRoutes: ['safeguarding.concern'],
    });
    expect(routed.lift('none', urgent, 'safeguarding.concern')).toBeUndefined();
    expect(routed.lift('none', urgent, 'unwell.guidance')).toEqual(expect.objectContaining({ from: 'none' }));
  });

  it('is the same model from the same examples (trained by counting, no seed)', () => {
    const again = UrgencySafetyNet.train(examples, { threshold: 0.9, minCount: 1 });
    expect(again.probability(urgent)).toBe(net.probability(urgent));
  });
});

describe('UrgencySafetyNet.load', () => {
  it('keeps the trained weights between starts and gives the same model from them', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'urgency-net-'));
    try {
      const trained = UrgencySafetyNet.load(normalise, dir);
      expect(readdirSync(dir).filter((f) => f.startsWith('urgency-net-'))).toHaveLength(1);
      const kept = UrgencySafetyNet.load(normalise, dir);
      const text = normalise('dad has gone downhill fast and will not eat or drink');
      expect(kept.probability(text)).toBe(trained.probability(text));
      expect(kept.threshold).toBe(trained.threshold);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
