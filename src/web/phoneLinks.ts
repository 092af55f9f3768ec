/**
 * Phone numbers in what the bot and our pages write, as tap-to-call links: 999, 111, 116 123 (Samaritans) and UK
 * numbers of 11 digits starting with 0, spaced or not. A longer run of digits (an NHS number, a reference) is not a
 * phone number, so a match must not touch another digit. Used on the server (footer pages) and in the chat page.
 */
const PHONE = /(?<![\d+])(0(?: ?\d){10}|116 ?\d{3}|999|111)(?! ?\d)/g;

export const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The text, HTML-escaped, with every phone number in it a `tel:` link. */
export function linkPhoneNumbers(text: string): string {
  return escapeHtml(text).replace(
    PHONE,
    (number) => `<a class="fd-tel" href="tel:${number.replace(/\s/g, '')}">${number}</a>`,
  );
}
