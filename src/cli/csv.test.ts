import { describe, expect, it } from 'vitest';
import { csvField, toCsv } from './csv.ts';

describe('csv', () => {
  it('quotes a field with a comma, a quote or a line break, doubling the quotes', () => {
    expect(csvField('a,c')).toBe('"a,c"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('plain')).toBe('plain');
  });

  it('writes numbers, booleans as 1/0 and nothing for a missing value', () => {
    expect([csvField(3), csvField(0.5), csvField(true), csvField(false), csvField(null), csvField(undefined)]).toEqual([
      '3',
      '0.5',
      '1',
      '0',
      '',
      '',
    ]);
  });

  it('writes a header and the rows in the header order, with CRLF line ends', () => {
    expect(toCsv(['b', 'a'], [{ a: 1, b: 'x,y' }, { a: 2 }])).toBe('b,a\r\n"x,y",1\r\n,2\r\n');
  });
});
