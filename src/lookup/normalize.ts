/**
 * Text normalisation shared by the index and the query parser, so both sides agree on
 * what a word is.
 */

/** Lower-cased ASCII words: accents dropped, apostrophes joined ("what's" -> "whats"). */
export function tokenize(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’`]/g, '')
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0);
}

/**
 * Card bodies are Slack mrkdwn: links would index "https", "docs", "amazon", "com" in
 * every card and drown the words that matter, so keep only a link's label.
 */
export function plainText(mrkdwn: string): string {
  return mrkdwn
    .replace(/<(https?:[^>|]+)\|([^>]+)>/g, '$2')
    .replace(/<https?:[^>]+>/g, ' ')
    .replace(/https?:\/\/\S+/g, ' ');
}

/**
 * A light English stemmer for comparing words in JavaScript: plurals and a final "e",
 * so "limits" meets "limit", "aliases" meets "alias" and "caches" meets "cache". The FTS5
 * index has its own (Porter) stemmer; this one only has to be consistent with itself.
 */
export function stem(word: string): string {
  if (word.length <= 3 || /\d/.test(word)) return word;
  let w = word;
  if (w.endsWith('ies') && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (/(xes|ches|shes|sses)$/.test(w)) w = w.slice(0, -2);
  // "-is" is singular in "kinesis" and "redis" but plural in "apis" and "amis".
  else if (w.endsWith('s') && !/(ss|us|ias|ys|os)$/.test(w) && !(w.endsWith('is') && w.length > 4)) w = w.slice(0, -1);
  // Not below four letters: "same" must not become "sam".
  if (w.endsWith('e') && w.length > 4) w = w.slice(0, -1);
  return w;
}

/**
 * Words that carry no topic: question words, glue, politeness, and "aws"/"amazon",
 * which every card is about. "vs", "or" and friends are handled as comparison markers
 * before this list applies.
 */
export const STOPWORDS: ReadonlySet<string> = new Set(
  `a an the and of to in on at for from by with without into onto over under about as is are was were be been being
  am do does did doing done have has had having can could should would will shall may might must
  i me my mine we us our you your it its they them their he she his her this that these those there here
  what whats which who whom whose when where why how hows whats wheres whens
  dont doesnt didnt cant cannot isnt arent wont im ive id youre
  if then than so but not no yes out up off per via like etc any some all each every more most much many very just also too only really
  get gets got getting give tell show explain explained explanation know need needs want wants
  use uses used using work works working thing things stuff way ways something anything
  please thanks thank hi hello hey help ok okay pls
  aws amazon`
    .split(/\s+/)
    .filter((w) => w.length > 0),
);

/** Words that ask "what is X" rather than something about X. */
export const OVERVIEW_WORDS: ReadonlySet<string> = new Set(
  'overview intro introduction basic basics about explain summary started 101 fundamentals concept concepts'.split(' '),
);

/** Words that turn "a b" into "a compared with b". */
export const COMPARISON_WORDS: ReadonlySet<string> = new Set(
  'vs versus v or compare compared comparing comparison difference differences diff between against better choose choosing instead'.split(
    ' ',
  ),
);
