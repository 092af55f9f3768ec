import { z } from 'zod';
import { readContentFile, reviewSchema } from '../content/readContentFile';

const rulesSchema = z.object({
  review: reviewSchema,
  source: z.string().min(1),
  minLength: z.number().int().min(8),
  maxLength: z.number().int().max(1000),
  denied: z.array(z.string().min(1)).min(1),
});

let rules: z.infer<typeof rulesSchema> | undefined;

/** A staff password that breaks the rules; the message says what to do, never repeating the password. */
export class WeakPasswordError extends Error {
  override name = 'WeakPasswordError';
}

/** Why a staff password is refused (content/security/password-rules.yaml), or undefined if it may be used. */
export function passwordProblem(password: string, email = ''): string | undefined {
  rules ??= readContentFile('security/password-rules.yaml', rulesSchema);
  if (password.length < rules.minLength) return `must be at least ${rules.minLength} characters`;
  if (password.length > rules.maxLength) return `must be at most ${rules.maxLength} characters`;
  const lower = password.toLowerCase();
  const stem = lower.replace(/[\d\W_]+$/, '');
  const denied = new Set(rules.denied.map((d) => d.toLowerCase()));
  if (denied.has(lower) || denied.has(stem) || [...denied].some((d) => lower === d.repeat(2) || lower === d + d)) {
    return 'must not be one of the passwords attackers try first (three random words work well)';
  }
  if (/^(.)\1*$/.test(password) || isRun(lower)) return 'must not be a repeated character or a simple run';
  const local = email.toLowerCase().split('@')[0];
  if (local.length >= 3 && (lower === local || lower === email.toLowerCase())) return 'must not be the email address';
  return undefined;
}

const RUNS = ['0123456789', 'abcdefghijklmnopqrstuvwxyz', 'qwertyuiopasdfghjklzxcvbnm'];

/** "123456789012", "abcdefghijkl", "qwertyuiopas", and the same backwards. */
function isRun(text: string): boolean {
  return RUNS.some((run) => {
    const long = run.repeat(Math.ceil(text.length / run.length) + 1);
    return long.includes(text) || [...long].reverse().join('').includes(text);
  });
}
