/**
 * The vocabulary of life: every kind of act a citizen or a company can do, as a small integer
 * code. Scorers' rules, lists and gates name these in scenario files; the codes index typed arrays.
 */
export const EVENT_TYPES = [
  // money
  'missed_payment',
  'late_payment',
  'loan_taken',
  // a loan the marketer offered, taken (value: CNY)
  'marketed_loan',
  'lawsuit',
  'judgment',
  'judgment_defaulted',
  'judgment_repaid',
  // work: a job lost (the value is its cause, JOB_LOSS_CAUSES), a day off sick (value: the wage lost, CNY)
  'job_lost',
  'sick_day',
  // crime (value: CNY stolen for a theft, 0 otherwise)
  'theft',
  'violent_crime',
  // payment fraud (value: CNY lost): a stolen card or phone used to pay, a face-payment spoofed
  'card_theft',
  'face_fraud',
  // mobility
  'jaywalking',
  'red_light',
  'drunk_driving',
  'accident',
  // consumption
  'purchase_essentials',
  'purchase_alcohol',
  'purchase_tobacco',
  'purchase_games',
  'purchase_books',
  'purchase_charity',
  // a product bought on the marketer's offer (value: CNY)
  'marketed_purchase',
  'gaming_hours',
  // work
  'work_breach',
  // peers
  'peer_rating',
  // paying to take one's face off a public screen
  'screen_fee_paid',
  // science: a finding published, one contrary to official positions, one withheld (never seen)
  'finding_published',
  'contrary_finding',
  'finding_withheld',
  // speech
  'post',
  'dissent_post',
  'spontaneous_act',
  // civic
  'volunteering',
  'blood_donation',
  'heroic_act',
  // life course: a child born to a household (the actor is the parent); an adult entering the run, coming of age (value 1:
  // schooled in a worse school after a private school denied the parents) or moving in; an adult leaving it, by death or a move
  'born',
  'came_of_age',
  'moved_in',
  'died',
  'moved_away',
  // attempts that meet a gate
  'attempt_flight',
  'attempt_fast_train',
  'attempt_hotel',
  'attempt_private_school',
  'attempt_internet',
  'attempt_cinema',
  'attempt_restaurant',
  'attempt_passport',
  'attempt_visa',
  'attempt_rental',
  'attempt_job',
  'attempt_promotion',
  'attempt_post',
  'attempt_grant',
  // companies (the actor is a company id)
  'tax_paid',
  'tax_arrears',
  'contract_breach',
  'safety_incident',
  'pollution_incident',
] as const;

export type EventTypeName = (typeof EVENT_TYPES)[number];

export const EventType = Object.fromEntries(EVENT_TYPES.map((name, code) => [name, code])) as {
  readonly [K in EventTypeName]: number;
};

export const EVENT_TYPE_COUNT = EVENT_TYPES.length;

/** Who does an act: citizens, or companies (legal entities). */
export const SUBJECT_KINDS = ['citizens', 'companies'] as const;
export type SubjectKind = (typeof SUBJECT_KINDS)[number];

export const COMPANY_EVENTS: readonly EventTypeName[] = ['tax_paid', 'tax_arrears', 'contract_breach', 'safety_incident', 'pollution_incident'];

/** Crimes: acts a camera's face search or the police may pin on a suspect, who is then detained. */
export const CRIMES: readonly EventTypeName[] = ['theft', 'violent_crime'];
export const IS_CRIME = Uint8Array.from(EVENT_TYPES, (t) => (CRIMES.includes(t) ? 1 : 0));

/** Purchases: what a citizen pays for at a merchant (the categories, and what a marketer sold them). */
export const IS_PURCHASE = Uint8Array.from(EVENT_TYPES, (t) => (t.startsWith('purchase_') || t === 'marketed_purchase' ? 1 : 0));

/** 1 where the actor of an event type is a company, 0 where it is a citizen. */
export const BY_COMPANY = Uint8Array.from(EVENT_TYPES, (t) => (COMPANY_EVENTS.includes(t) ? 1 : 0));

export const kindOfEvent = (name: EventTypeName): SubjectKind => (COMPANY_EVENTS.includes(name) ? 'companies' : 'citizens');

/** The kinds of attempt a citizen makes at a gate, by the name used in scenario files. */
export const ATTEMPTS = ['flight', 'fast_train', 'hotel', 'private_school', 'internet', 'cinema', 'restaurant', 'passport', 'visa', 'rental', 'promotion', 'job', 'post', 'grant'] as const;
export type AttemptName = (typeof ATTEMPTS)[number];
/**
 * Attempts made at a yearly rate. Job applications come from the monthly job search instead, a
 * `post` is the monthly review of those in a gated trade, held where a gate reviews posts, and a
 * `grant` is a researcher's application for research funding (life/science.ts).
 */
export const RANDOM_ATTEMPTS = ATTEMPTS.filter((a): a is Exclude<AttemptName, 'job' | 'post' | 'grant'> => a !== 'job' && a !== 'post' && a !== 'grant');

export const attemptEventType = (attempt: AttemptName): number => EventType[`attempt_${attempt}`];

export const PURCHASE_CATEGORIES = ['essentials', 'alcohol', 'tobacco', 'games', 'books', 'charity'] as const;

/** Why a job was lost: the value of a `job_lost` event. */
export const JOB_LOSS_CAUSES = ['layoff', 'stigma', 'health', 'dismissed', 'employer_listed', 'detained'] as const;
export const JobLoss = Object.fromEntries(JOB_LOSS_CAUSES.map((c, i) => [c, i])) as { readonly [K in (typeof JOB_LOSS_CAUSES)[number]]: number };

/** Leaving the run: the subject's record leaves every scorer and list, and the place is taken by an entrant the next day. */
export const IS_DEPARTURE = Uint8Array.from(EVENT_TYPES, (t) => (t === 'died' || t === 'moved_away' ? 1 : 0));
