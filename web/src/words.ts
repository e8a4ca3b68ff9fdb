/**
 * Plain words for what the model names with ids: events, who saw them, why a record was wrong,
 * pronouns and counts. Pure functions, no DOM: the card, its summary and the story share them.
 */

/** An event as a noun: one, many. */
const EVENTS: Record<string, [string, string]> = {
  missed_payment: ['missed payment', 'missed payments'],
  late_payment: ['late payment', 'late payments'],
  loan_taken: ['loan taken', 'loans taken'],
  marketed_loan: ['loan sold by a marketer', 'loans sold by marketers'],
  lawsuit: ['lawsuit', 'lawsuits'],
  judgment: ['court judgment', 'court judgments'],
  judgment_defaulted: ['court debt left unpaid', 'court debts left unpaid'],
  judgment_repaid: ['court debt repaid', 'court debts repaid'],
  job_lost: ['job lost', 'jobs lost'],
  sick_day: ['day off sick', 'days off sick'],
  theft: ['theft', 'thefts'],
  violent_crime: ['violent crime', 'violent crimes'],
  jaywalking: ['crossing against the light', 'crossings against the light'],
  red_light: ['red light run', 'red lights run'],
  drunk_driving: ['drunk-driving offence', 'drunk-driving offences'],
  accident: ['traffic accident', 'traffic accidents'],
  purchase_essentials: ['purchase of essentials', 'purchases of essentials'],
  purchase_alcohol: ['purchase of alcohol', 'purchases of alcohol'],
  purchase_tobacco: ['purchase of tobacco', 'purchases of tobacco'],
  purchase_games: ['video game bought', 'video games bought'],
  purchase_books: ['book bought', 'books bought'],
  purchase_charity: ['gift to charity', 'gifts to charity'],
  marketed_purchase: ['purchase pushed by a marketer', 'purchases pushed by marketers'],
  gaming_hours: ['long day of video games', 'long days of video games'],
  work_breach: ['broken work obligation', 'broken work obligations'],
  peer_rating: ['rating by a peer', 'ratings by peers'],
  screen_fee_paid: ['screen fee paid', 'screen fees paid'],
  finding_published: ['research finding', 'research findings'],
  contrary_finding: ['finding against the official line', 'findings against the official line'],
  finding_withheld: ['finding withheld', 'findings withheld'],
  post: ['post', 'posts'],
  dissent_post: ['dissenting post', 'dissenting posts'],
  spontaneous_act: ['spontaneous act', 'spontaneous acts'],
  volunteering: ['day of volunteering', 'days of volunteering'],
  blood_donation: ['blood donation', 'blood donations'],
  heroic_act: ['heroic act', 'heroic acts'],
  appeal: ['appeal upheld', 'appeals upheld'],
};

/** Plain words for an id we have no phrase for: `red_light` -> `red light`. */
export const humanize = (id: string) => id.replace(/[_-]+/g, ' ').trim();

/** An event type as a noun, singular or plural by `n`. */
export const eventNoun = (event: string, n = 1) => EVENTS[event]?.[n === 1 ? 0 : 1] ?? humanize(event) + (n === 1 ? '' : 's');

/** Who records what, in words. */
export const SOURCE_WORDS: Record<string, string> = {
  camera: 'a camera',
  platform: 'a shopping platform',
  court: 'the court',
  censor: 'the censors',
  registry: 'a registry',
  employer: 'the employer',
  regulator: 'the regulator',
  informant: 'an informant',
  police: 'the police',
};
export const sourceWords = (source: string) => SOURCE_WORDS[source] ?? humanize(source);

/** What a wrongful penalty was, in words, by who made the mistake: [one, many]. */
const WRONGED: Record<string, [string, string]> = {
  censor: ['a harmless post the censors took for dissent', 'harmless posts the censors took for dissent'],
  camera: ['an act of someone else a camera’s face match pinned on them', 'acts of others a camera’s face match pinned on them'],
  platform: ['someone else’s record filed under their name', 'records of others filed under their name'],
  employer: ['someone else’s record filed under their name', 'records of others filed under their name'],
  informant: ['an act an informant wrongly blamed them for', 'acts an informant wrongly blamed them for'],
};
export const wrongedNoun = (source: string, n = 1) => WRONGED[source]?.[n === 1 ? 0 : 1] ?? (n === 1 ? 'a record that was not theirs' : 'records that were not theirs');

/** The causes of wrongful penalties, as the metrics name them. */
export const CAUSE_WORDS: Record<string, string> = {
  face_match: 'false face matches',
  censor: 'censors’ false flags',
  record_error: 'records filed under the wrong person',
  informant: 'informants naming the wrong person',
};

const SMALL = ['no', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];
/** A count in words up to ten, in digits beyond: "three", "1,204". */
export const numberWord = (n: number) => (Number.isInteger(n) && n >= 0 && n <= 10 ? SMALL[n] : n.toLocaleString('en'));

/** A count with its noun: "1 denial", "3 denials", "1,204 citizens". */
export const count = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;

/** A count in words with its noun: "three posts", "12 posts". */
export const countWords = (n: number, one: string, many = `${one}s`) => `${numberWord(n)} ${n === 1 ? one : many}`;

/** Points, rounded as a reader reads them: whole points, or one decimal below ten. */
export const points = (v: number) => {
  const a = Math.abs(v);
  return a >= 9.95 || Number.isInteger(v) ? Math.round(v).toLocaleString('en') : v.toFixed(1);
};

/** Points with their noun: "1 point", "20 points", "1.5 points". */
export const pointsOf = (v: number) => `${points(v)} ${points(v) === '1' ? 'point' : 'points'}`;

/** A share as a percentage: "4.2 %", "0.3 %", "82 %". */
export const percent = (share: number) => {
  if (!Number.isFinite(share)) return '–';
  const p = 100 * share;
  return `${p >= 10 || p === 0 ? Math.round(p) : p.toFixed(1)}\u00a0%`;
};

/** Items joined as a reader lists them: "a", "a and b", "a, b and c". */
export const listWords = (items: string[], and = 'and') => (items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} ${and} ${items.at(-1)}`);

export const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** A citizen's pronouns. */
export const pronouns = (sex: 'female' | 'male') => (sex === 'female' ? { they: 'she', them: 'her', their: 'her' } : { they: 'he', them: 'him', their: 'his' });

/** Days as a span: "day 12", "days 3 to 87". */
export const daySpan = (from: number, to: number) => (from === to ? `day ${from}` : `days ${from} to ${to}`);

/** An occupation in words, with its article. */
export const occupationWords = (occupation: string) =>
  ({
    ordinary: 'works an ordinary job',
    law: 'works in law',
    civil_service: 'is a civil servant',
    journalism: 'is a journalist',
    teaching: 'is a teacher',
    research: 'is a researcher',
  })[occupation] ?? `works in ${humanize(occupation)}`;
