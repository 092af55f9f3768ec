import { csvCell, toCsv } from '../../../src/reports/csv';

/** Reads RFC 4180 back, field by field, to check what toCsv wrote parses to what was given. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  expect(field).toBe('');
  expect(row).toEqual([]);
  return rows;
}

describe('CSV for commissioners (RFC 4180, safe in a spreadsheet)', () => {
  it('quotes fields with commas, quotes and line breaks, and ends every record with CRLF', () => {
    const text = toCsv([
      ['plain', 'a, b', 'say "hi"', 'two\nlines', 'cr\rhere'],
      [1, 0, 12.5, null, undefined],
    ]);
    expect(text).toBe('plain,"a, b","say ""hi""","two\nlines","cr\rhere"\r\n1,0,12.5,,\r\n');
    expect(parseCsv(text)).toEqual([
      ['plain', 'a, b', 'say "hi"', 'two\nlines', 'cr\rhere'],
      ['1', '0', '12.5', '', ''],
    ]);
  });

  it('prefixes text that a spreadsheet would run as a formula, and leaves numbers alone', () => {
    for (const risky of ['=1+1', '+44 7700 900123', '-2+3', '@SUM(A1)', '\tcmd', '\r=x']) {
      expect(csvCell(risky).replace(/^"/, '')).toMatch(/^'/);
    }
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(parseCsv(toCsv([['=cmd|" /C calc"!A0']]))).toEqual([[`'=cmd|" /C calc"!A0`]]);
    expect(csvCell('GP or practice')).toBe('GP or practice');
    expect(csvCell('Call back = soon')).toBe('Call back = soon');
    expect(csvCell(-1)).toBe('-1');
    expect(csvCell(Number.NaN)).toBe('');
  });
});
