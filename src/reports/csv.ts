/**
 * CSV as RFC 4180 has it: fields separated by commas, records by CRLF, a field with a comma, quote, CR or LF in
 * double quotes with its quotes doubled. Text cells are made safe to open in a spreadsheet: one starting with = + - @
 * (or a tab or CR, which some spreadsheets skip) is a formula there, so it is prefixed with an apostrophe and shows
 * as the text it is. Numbers are written as numbers.
 */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(rows: readonly (readonly (string | number | null | undefined)[])[]): string {
  return rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
