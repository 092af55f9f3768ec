import { timeWasTaken } from '../../../bench/scripts';
import { DialogPrompts } from '../../../src/content/dialogPrompts';

// The bench's people pick another time when theirs was just taken (issue 16): the replies they recognise are the
// product's own, so two instances booking one slot are never counted as errors of Front Door.
describe('bench scripts: a time someone else took first', () => {
  const prompts = DialogPrompts.load();
  const all = prompts.all();

  it.each(['slotTaken', 'slotNotBooked'])('recognises %s as written and as spoken, with the times after it', (key) => {
    expect(timeWasTaken(`${prompts.text(key)}\nTuesday 8 December, afternoon`)).toBe(true);
    expect(timeWasTaken(`${all[key].speak}\nPress 1 for Tuesday 8 December, afternoon (1pm to 5pm)`)).toBe(true);
  });

  it('does not take a booking made, or the first offer of times, for a lost one', () => {
    expect(timeWasTaken(prompts.text('changed', { visitType: 'wound care', when: 'Tuesday 8 December' }))).toBe(false);
    expect(timeWasTaken(prompts.text('chooseSlot'))).toBe(false);
  });
});
