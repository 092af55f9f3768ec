const DIGIT_WORDS: Record<string, string> = {
  zero: '0',
  oh: '0',
  o: '0',
  nought: '0',
  nil: '0',
  one: '1',
  two: '2',
  to: '2',
  too: '2',
  three: '3',
  four: '4',
  for: '4',
  five: '5',
  six: '6',
  seven: '7',
  eight: '8',
  ate: '8',
  nine: '9',
};

/**
 * Turns runs of spoken digits into figures ("nine nine nine two three four" → "999234", "double nine" → "99"),
 * because phone speech recognition often writes numbers as words. Only runs of three or more digit words are
 * rewritten, so "one of the nurses" and "I need to go" are left alone.
 */
export function digitsFromSpeech(text: string): string {
  const tokens = text.split(/\s+/);
  const out: string[] = [];
  let run: string[] = [];
  let runTokens: string[] = [];
  const flush = () => {
    if (run.length >= 3) out.push(run.join(''));
    else out.push(...runTokens);
    run = [];
    runTokens = [];
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i].toLowerCase();
    const next = tokens[i + 1]?.toLowerCase();
    if ((t === 'double' || t === 'triple') && next && (DIGIT_WORDS[next] || /^\d$/.test(next))) {
      const d = DIGIT_WORDS[next] ?? next;
      run.push(d.repeat(t === 'double' ? 2 : 3));
      runTokens.push(tokens[i], tokens[i + 1]);
      i++;
    } else if (DIGIT_WORDS[t] !== undefined || /^\d+$/.test(t)) {
      run.push(DIGIT_WORDS[t] ?? t);
      runTokens.push(tokens[i]);
    } else {
      flush();
      out.push(tokens[i]);
    }
  }
  flush();
  return out.join(' ');
}
