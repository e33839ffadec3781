import { describe, expect, it } from 'vitest';
import { isValidTimeZone } from './cron.ts';
import { ianaZone, isAbbreviation, suggestZone } from './zones.ts';

describe('ianaZone', () => {
  it.each([
    ['Europe/Berlin', 'Europe/Berlin'],
    ['europe/berlin', 'Europe/Berlin'],
    ['utc', 'UTC'],
    ['UTC', 'UTC'],
    ['Asia/Kolkata', 'Asia/Kolkata'],
    ['Asia/Calcutta', 'Asia/Kolkata'],
    ['America/Argentina/Buenos_Aires', 'America/Argentina/Buenos_Aires'],
  ])('accepts %j as %j', (text, zone) => {
    expect(ianaZone(text)).toBe(zone);
  });

  it.each(['CET', 'EST', 'GMT', 'MST', 'CEST', 'berlin', 'Mars/Olympus', ''])('does not accept %j', (text) => {
    expect(ianaZone(text)).toBeUndefined();
  });
});

describe('suggestZone', () => {
  it.each([
    ['CET', 'Europe/Berlin'],
    ['cest', 'Europe/Berlin'],
    ['EST', 'America/New_York'],
    ['EDT', 'America/New_York'],
    ['PST', 'America/Los_Angeles'],
    ['PDT', 'America/Los_Angeles'],
    ['GMT', 'Europe/London'],
    ['BST', 'Europe/London'],
    ['IST', 'Asia/Kolkata'],
    ['JST', 'Asia/Tokyo'],
    ['AEST', 'Australia/Sydney'],
  ])('turns the abbreviation %j into %j', (text, zone) => {
    const s = suggestZone(text);
    expect(s?.zone).toBe(zone);
    expect(s?.message).toContain(`\`${text}\` is a time-zone abbreviation; did you mean \`${zone}\``);
  });

  it('lists every region an ambiguous abbreviation names', () => {
    const s = suggestZone('IST');
    expect(s?.alternatives).toEqual(['Europe/Dublin', 'Asia/Jerusalem']);
    expect(s?.message).toMatch(/`Asia\/Kolkata` \(India\), `Europe\/Dublin` \(Ireland\) or `Asia\/Jerusalem` \(Israel\)/);
  });

  it.each([
    ['berlin', 'Europe/Berlin'],
    ['London', 'Europe/London'],
    ['new york', 'America/New_York'],
    ['New_York', 'America/New_York'],
    ['São Paulo', 'America/Sao_Paulo'],
    ['kolkata', 'Asia/Kolkata'],
    ['munich', 'Europe/Berlin'],
    ['San Francisco', 'America/Los_Angeles'],
  ])('turns the city %j into %j', (text, zone) => {
    const s = suggestZone(text);
    expect(s?.zone).toBe(zone);
    expect(s?.message).toBe(`\`${text}\` is not an IANA zone name; did you mean \`${zone}\`?`);
  });

  it.each([
    ['Europe/Berln', 'Europe/Berlin'],
    ['america/new_yrok', 'America/New_York'],
    ['Berlinn', 'Europe/Berlin'],
  ])('corrects the misspelling %j to %j', (text, zone) => {
    expect(suggestZone(text)?.zone).toBe(zone);
  });

  it.each([
    ['UTC+1', 'Etc/GMT-1'],
    ['GMT-5', 'Etc/GMT+5'],
    ['UTC+0', 'UTC'],
  ])('turns the fixed offset %j into %j', (text, zone) => {
    expect(suggestZone(text)).toMatchObject({ zone, message: expect.stringMatching(/fixed offset/) });
  });

  it.each(['Europe/Berlin', 'UTC', 'nowhere at all', 'xyz', 'UTC+5:30'])('has nothing to say about %j', (text) => {
    expect(suggestZone(text)).toBeUndefined();
  });

  it('only ever suggests zones this Node accepts', () => {
    for (const text of ['CET', 'IST', 'AEST', 'GMT', 'berlin', 'kolkata', 'kyiv', 'UTC+3']) {
      const s = suggestZone(text);
      for (const zone of [s?.zone ?? '', ...(s?.alternatives ?? [])])
        expect(isValidTimeZone(zone), `${text} -> ${zone}`).toBe(true);
    }
  });

  it('knows abbreviations regardless of case', () => {
    expect(isAbbreviation('cet')).toBe(true);
    expect(isAbbreviation('UTC')).toBe(false);
  });
});
