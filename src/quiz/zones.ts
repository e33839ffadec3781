/**
 * Time zones as people type them. The schedule needs an IANA name (Region/City) because only that
 * carries a place's summer-time rules; people write "CET", "PST" or "berlin". This turns what they
 * wrote into a suggestion, so the answer to a wrong zone is the right one rather than a refusal.
 */
import { editDistance } from '../lookup/fuzzy.ts';
import { isValidTimeZone } from './cron.ts';

export interface ZoneSuggestion {
  /** The best IANA zone for what was typed. */
  zone: string;
  /** Other plausible zones, for an abbreviation that several places use. */
  alternatives: string[];
  /** Slack mrkdwn: "`CET` is a time-zone abbreviation; did you mean `Europe/Berlin`? …" */
  message: string;
}

/** [zone, place] pairs, best first. Abbreviations that several regions share list each. */
const ABBREVIATIONS: Record<string, [string, string][]> = {
  CET: [['Europe/Berlin', 'central Europe']],
  CEST: [['Europe/Berlin', 'central Europe']],
  MET: [['Europe/Berlin', 'central Europe']],
  MEZ: [['Europe/Berlin', 'central Europe']],
  WET: [['Europe/Lisbon', 'Portugal']],
  WEST: [['Europe/Lisbon', 'Portugal']],
  EET: [['Europe/Athens', 'Greece']],
  EEST: [['Europe/Athens', 'Greece']],
  GMT: [
    ['Europe/London', 'UK time, with summer time'],
    ['UTC', 'the same all year'],
  ],
  BST: [
    ['Europe/London', 'British Summer Time'],
    ['Asia/Dhaka', 'Bangladesh'],
  ],
  IST: [
    ['Asia/Kolkata', 'India'],
    ['Europe/Dublin', 'Ireland'],
    ['Asia/Jerusalem', 'Israel'],
  ],
  MSK: [['Europe/Moscow', 'Moscow']],
  EST: [['America/New_York', 'US Eastern']],
  EDT: [['America/New_York', 'US Eastern']],
  ET: [['America/New_York', 'US Eastern']],
  CST: [
    ['America/Chicago', 'US Central'],
    ['Asia/Shanghai', 'China'],
  ],
  CDT: [['America/Chicago', 'US Central']],
  CT: [['America/Chicago', 'US Central']],
  MST: [
    ['America/Denver', 'US Mountain'],
    ['America/Phoenix', 'Arizona, no summer time'],
  ],
  MDT: [['America/Denver', 'US Mountain']],
  MT: [['America/Denver', 'US Mountain']],
  PST: [['America/Los_Angeles', 'US Pacific']],
  PDT: [['America/Los_Angeles', 'US Pacific']],
  PT: [['America/Los_Angeles', 'US Pacific']],
  AKST: [['America/Anchorage', 'Alaska']],
  AKDT: [['America/Anchorage', 'Alaska']],
  HST: [['Pacific/Honolulu', 'Hawaii']],
  AST: [['America/Halifax', 'Atlantic Canada']],
  ADT: [['America/Halifax', 'Atlantic Canada']],
  NST: [['America/St_Johns', 'Newfoundland']],
  NDT: [['America/St_Johns', 'Newfoundland']],
  BRT: [['America/Sao_Paulo', 'Brazil']],
  ART: [['America/Argentina/Buenos_Aires', 'Argentina']],
  JST: [['Asia/Tokyo', 'Japan']],
  KST: [['Asia/Seoul', 'Korea']],
  HKT: [['Asia/Hong_Kong', 'Hong Kong']],
  SGT: [['Asia/Singapore', 'Singapore']],
  ICT: [['Asia/Bangkok', 'Indochina']],
  WIB: [['Asia/Jakarta', 'western Indonesia']],
  PKT: [['Asia/Karachi', 'Pakistan']],
  GST: [['Asia/Dubai', 'Gulf']],
  AEST: [
    ['Australia/Sydney', 'Sydney, Melbourne, Canberra'],
    ['Australia/Brisbane', 'Queensland, no summer time'],
  ],
  AEDT: [['Australia/Sydney', 'Sydney, Melbourne, Canberra']],
  ACST: [
    ['Australia/Adelaide', 'South Australia'],
    ['Australia/Darwin', 'Northern Territory'],
  ],
  ACDT: [['Australia/Adelaide', 'South Australia']],
  AWST: [['Australia/Perth', 'Western Australia']],
  NZST: [['Pacific/Auckland', 'New Zealand']],
  NZDT: [['Pacific/Auckland', 'New Zealand']],
  SAST: [['Africa/Johannesburg', 'South Africa']],
  CAT: [['Africa/Maputo', 'central Africa']],
  EAT: [['Africa/Nairobi', 'east Africa']],
  WAT: [['Africa/Lagos', 'west Africa']],
};

/** Cities people name that have no IANA zone of their own. */
const CITY_ALIASES: Record<string, string> = {
  'san francisco': 'America/Los_Angeles',
  'silicon valley': 'America/Los_Angeles',
  seattle: 'America/Los_Angeles',
  portland: 'America/Los_Angeles',
  'las vegas': 'America/Los_Angeles',
  'san diego': 'America/Los_Angeles',
  austin: 'America/Chicago',
  dallas: 'America/Chicago',
  houston: 'America/Chicago',
  boston: 'America/New_York',
  washington: 'America/New_York',
  atlanta: 'America/New_York',
  miami: 'America/New_York',
  philadelphia: 'America/New_York',
  munich: 'Europe/Berlin',
  frankfurt: 'Europe/Berlin',
  hamburg: 'Europe/Berlin',
  cologne: 'Europe/Berlin',
  barcelona: 'Europe/Madrid',
  milan: 'Europe/Rome',
  geneva: 'Europe/Zurich',
  manchester: 'Europe/London',
  edinburgh: 'Europe/London',
  mumbai: 'Asia/Kolkata',
  bombay: 'Asia/Kolkata',
  delhi: 'Asia/Kolkata',
  'new delhi': 'Asia/Kolkata',
  bangalore: 'Asia/Kolkata',
  bengaluru: 'Asia/Kolkata',
  hyderabad: 'Asia/Kolkata',
  chennai: 'Asia/Kolkata',
  pune: 'Asia/Kolkata',
  beijing: 'Asia/Shanghai',
  shenzhen: 'Asia/Shanghai',
  hangzhou: 'Asia/Shanghai',
  osaka: 'Asia/Tokyo',
  'tel aviv': 'Asia/Jerusalem',
  'cape town': 'Africa/Johannesburg',
};

/**
 * ICU (and so Node) lists some zones under names the IANA database has since replaced; people
 * expect the current one, which Intl accepts as well.
 */
const CURRENT_NAMES: Record<string, string> = {
  'Africa/Asmera': 'Africa/Asmara',
  'America/Buenos_Aires': 'America/Argentina/Buenos_Aires',
  'America/Coral_Harbour': 'America/Atikokan',
  'America/Godthab': 'America/Nuuk',
  'America/Indianapolis': 'America/Indiana/Indianapolis',
  'America/Louisville': 'America/Kentucky/Louisville',
  'Asia/Calcutta': 'Asia/Kolkata',
  'Asia/Katmandu': 'Asia/Kathmandu',
  'Asia/Rangoon': 'Asia/Yangon',
  'Asia/Saigon': 'Asia/Ho_Chi_Minh',
  'Atlantic/Faeroe': 'Atlantic/Faroe',
  'Europe/Kiev': 'Europe/Kyiv',
  'Pacific/Enderbury': 'Pacific/Kanton',
  'Pacific/Ponape': 'Pacific/Pohnpei',
  'Pacific/Truk': 'Pacific/Chuuk',
};

/** "São_Paulo" and "sao paulo" alike: lower case, no accents, spaces for underscores and dashes. */
function normalise(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[_-]+/g, ' ').replace(/\s+/g, ' ').trim();
}

interface ZoneTables {
  /** Every zone name, in its current spelling, by its lower-case form. */
  byName: Map<string, string>;
  /** Every city (last part of a zone name, and the aliases), normalised, to its zone. */
  byCity: Map<string, string>;
}

let tables: ZoneTables | undefined;
function zoneTables(): ZoneTables {
  if (tables) return tables;
  const byName = new Map<string, string>();
  const byCity = new Map<string, string>();
  const current = (z: string) => {
    const modern = CURRENT_NAMES[z];
    return modern && isValidTimeZone(modern) ? modern : z;
  };
  for (const listed of Intl.supportedValuesOf('timeZone')) {
    const zone = current(listed);
    byName.set(zone.toLowerCase(), zone);
    byName.set(listed.toLowerCase(), zone);
    // Region/City or Region/Area/City: the city is the last part. Etc/GMT+1 is not a city.
    if (!zone.startsWith('Etc/')) {
      for (const name of new Set([zone, listed])) {
        const city = normalise(name.split('/').at(-1) ?? '');
        if (city && !byCity.has(city)) byCity.set(city, zone);
      }
    }
  }
  byName.set('utc', 'UTC');
  for (const [city, zone] of Object.entries(CITY_ALIASES)) if (isValidTimeZone(zone)) byCity.set(city, zone);
  tables = { byName, byCity };
  return tables;
}

export function isAbbreviation(text: string): boolean {
  return Object.hasOwn(ABBREVIATIONS, text.trim().toUpperCase());
}

/**
 * The zone to store for what was typed, when it is a usable IANA zone: listed names in their own
 * spelling ("europe/berlin" -> "Europe/Berlin", "utc" -> "UTC"). Abbreviations are not usable
 * even where Intl accepts them ("EST" is a fixed UTC-5 with no summer time; New York is not).
 */
export function ianaZone(text: string): string | undefined {
  const t = text.trim();
  if (!t || isAbbreviation(t) || !isValidTimeZone(t)) return undefined;
  return zoneTables().byName.get(t.toLowerCase()) ?? t;
}

const quote = (s: string) => `\`${s}\``;

function didYouMean(typed: string, what: string, options: [string, string][]): ZoneSuggestion {
  const [first, ...rest] = options as [[string, string], ...[string, string][]];
  const list =
    options.length === 1
      ? quote(first[0])
      : `${options
          .slice(0, -1)
          .map(([z, place]) => `${quote(z)} (${place})`)
          .join(', ')} or ${quote(options.at(-1)?.[0] ?? '')} (${options.at(-1)?.[1] ?? ''})`;
  return {
    zone: first[0],
    alternatives: rest.map(([z]) => z),
    message: `${quote(typed)} is ${what}; did you mean ${list}?`,
  };
}

const OFFSET = /^(?:utc|gmt|z)?\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?$/i;

/**
 * A suggestion for text that is not a usable IANA zone: an abbreviation ("CET"), a city
 * ("berlin", "New York", "munich"), a fixed offset ("UTC+1") or a misspelt zone
 * ("Europe/Berln"). Undefined when the text is a usable zone already or nothing fits.
 */
export function suggestZone(text: string): ZoneSuggestion | undefined {
  const typed = text.trim().replace(/\s+/g, ' ');
  if (!typed || ianaZone(typed)) return undefined;
  const upper = typed.toUpperCase();
  const abbreviation = ABBREVIATIONS[upper]?.filter(([z]) => isValidTimeZone(z));
  if (abbreviation?.length) {
    // Some (EST, CET, GMT) are names Intl accepts, but as fixed or borrowed rules, not a place's.
    const suggestion = didYouMean(typed, 'a time-zone abbreviation', abbreviation);
    return { ...suggestion, message: `${suggestion.message} A Region/City name follows that place's summer time.` };
  }
  const offset = OFFSET.exec(typed);
  if (offset) {
    const [, sign, hours, minutes] = offset;
    const h = Number(hours);
    // Etc/GMT zones count the other way (Etc/GMT-1 is UTC+1) and exist for whole hours only.
    const zone = h === 0 ? 'UTC' : `Etc/GMT${sign === '+' ? '-' : '+'}${h}`;
    if ((minutes === undefined || Number(minutes) === 0) && isValidTimeZone(zone)) {
      return {
        zone,
        alternatives: [],
        message: `${quote(typed)} is a fixed offset with no summer time; use your city's zone (such as ${quote('Europe/Berlin')}), or ${quote(zone)} for ${h === 0 ? 'UTC' : `UTC${sign}${h}`} all year.`,
      };
    }
  }
  const { byName, byCity } = zoneTables();
  const key = normalise(typed);
  const city = byCity.get(key) ?? byCity.get(normalise(typed.split('/').at(-1) ?? ''));
  if (city) return didYouMean(typed, 'not an IANA zone name', [[city, '']]);
  // A misspelling of a zone name or a city: one edit for short names, two from eight letters.
  const max = key.length >= 8 ? 2 : key.length >= 4 ? 1 : 0;
  if (max === 0) return undefined;
  const lower = typed.toLowerCase();
  let best: { zone: string; d: number } | undefined;
  const consider = (candidate: string, zone: string, against: string) => {
    const d = editDistance(against, candidate, max);
    if (d <= max && (!best || d < best.d)) best = { zone, d };
  };
  if (lower.includes('/')) for (const [name, zone] of byName) consider(name, zone, lower);
  else for (const [name, zone] of byCity) consider(name, zone, key);
  const found = best as { zone: string; d: number } | undefined;
  return found ? didYouMean(typed, 'not a time zone I know', [[found.zone, '']]) : undefined;
}
