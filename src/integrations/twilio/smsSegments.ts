/**
 * How many parts a text message is sent in (3GPP TS 23.038): in the GSM 7-bit alphabet 160 characters fit in one
 * message and 153 in each part of a longer one, its extension characters (€, [, ], {, }, ~, ^, |, \) taking two; any
 * character outside it (a curly quote, a bullet, an emoji) sends the whole message as UCS-2, 70 in one and 67 per part.
 * Front Door's replies must fit in two parts: phones join them, but not always in order, and a third costs and splits.
 */
const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001bÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM_EXTENSION = '^{}\\[~]|€\f';

export const MAX_SMS_SEGMENTS = 2;

export interface SmsSize {
  encoding: 'GSM-7' | 'UCS-2';
  /** Septets for GSM-7 (extension characters count two), UTF-16 code units for UCS-2. */
  units: number;
  segments: number;
}

export function smsSize(text: string): SmsSize {
  let septets = 0;
  for (const ch of text) {
    if (GSM_BASIC.includes(ch)) septets += 1;
    else if (GSM_EXTENSION.includes(ch)) septets += 2;
    else return size('UCS-2', text.length, 70, 67);
  }
  return size('GSM-7', septets, 160, 153);
}

function size(encoding: SmsSize['encoding'], units: number, single: number, perPart: number): SmsSize {
  return { encoding, units, segments: units <= single ? (units ? 1 : 0) : Math.ceil(units / perPart) };
}

/** The characters that push a text out of GSM-7 (for a message saying what to change). */
export function nonGsmCharacters(text: string): string[] {
  return [...new Set([...text].filter((ch) => !GSM_BASIC.includes(ch) && !GSM_EXTENSION.includes(ch)))];
}
