/**
 * The day's tables, each written by one stage and read by the stages after it.
 */
export const EVENT_COLUMNS = {
  /** EventType code */
  type: Uint8Array,
  /** who really did it (ground truth): a citizen, or a company for company events */
  actor: Uint32Array,
  /** whom the act is about when not the actor: the citizen rated in a peer rating */
  target: Uint32Array,
  district: Uint16Array,
  /** amount in CNY, hours, or 0 */
  value: Float32Array,
} as const;

/** Row i describes how event i was observed; written by observe, parallel to the events. */
export const OBSERVATION_COLUMNS = {
  /** Source code, 0 when nobody saw the event */
  source: Uint8Array,
  /** whom the system blames: the actor, or an innocent after a false face match */
  subject: Uint32Array,
  wrongful: Uint8Array,
  /** 1 when a camera captured the act and its face was searched */
  searched: Uint8Array,
  /** the event type the system recorded: a censor may take a harmless post for dissent */
  seenAs: Uint8Array,
} as const;

/** The rule index of a score change that reverses a penalty on appeal. */
export const APPEAL_RULE = 0xfffe;
/** A rating event is scored by every ratings scorer without a rule; this is its rule index in score changes. */
export const RATING_RULE = 0xffff;

export const SCORE_CHANGE_COLUMNS = {
  event: Uint32Array,
  scorer: Uint8Array,
  subject: Uint32Array,
  rule: Uint16Array,
  delta: Float32Array,
  after: Float32Array,
} as const;

export const LIST_CHANGE_COLUMNS = {
  event: Uint32Array,
  list: Uint8Array,
  subject: Uint32Array,
  entered: Uint8Array,
} as const;

export const DECISION_COLUMNS = {
  event: Uint32Array,
  gate: Uint8Array,
  granted: Uint8Array,
  /** a priority gate's privilege granted (the attempt itself is always granted there) */
  privileged: Uint8Array,
} as const;

/** Faces put on a public screen today (consequence). */
export const DISPLAY_COLUMNS = {
  citizen: Uint32Array,
  district: Uint16Array,
  event: Uint32Array,
} as const;

/** Friendships cut today by friends who saw a face on a screen (life). */
/** Ties cut because a friend's face was on a screen, or because a friend's score was low. */
export const TieCut = { stigma: 0, pruning: 1 } as const;

export const TIE_COLUMNS = {
  citizen: Uint32Array,
  friend: Uint32Array,
  /** TieCut: 0 stigma (a face on a screen), 1 pruning (a low score) */
  reason: Uint8Array,
} as const;

/** Appeals filed today against yesterday's penalties (life). */
export const APPEAL_COLUMNS = {
  citizen: Uint32Array,
  scorer: Uint8Array,
  rule: Uint16Array,
  delta: Float32Array,
  wrongful: Uint8Array,
} as const;

/** Appeals waiting for a decision (judge): those filed, with the day they are decided. */
export const PENDING_APPEAL_COLUMNS = { ...APPEAL_COLUMNS, filedOn: Int32Array, decideOn: Int32Array } as const;

/** Appeals decided today (judge). */
export const APPEAL_DECISION_COLUMNS = {
  citizen: Uint32Array,
  scorer: Uint8Array,
  upheld: Uint8Array,
  wrongful: Uint8Array,
  restored: Float32Array,
} as const;

/** Why a penalty was wrongful: an innocent named by a face search, a harmless post flagged by a censor, a record filed under the wrong citizen, a neighbour naming the wrong person. */
export const WRONGFUL_CAUSES = ['face_match', 'censor', 'record_error', 'informant'] as const;

/** Who observed an event. */
export const SOURCES = ['unseen', 'camera', 'platform', 'court', 'censor', 'registry', 'employer', 'regulator', 'informant', 'police'] as const;
export const Source = Object.fromEntries(SOURCES.map((s, i) => [s, i])) as { readonly [K in (typeof SOURCES)[number]]: number };

/**
 * The channels through which citizens feel watched, each learned on its own: what cameras see,
 * what censors read, what platforms record of payments and purchases, what employers report,
 * what courts and registries hold, and what neighbours tell.
 */
export const CHANNELS = ['camera', 'censor', 'platform', 'employer', 'court', 'informant'] as const;
export type ChannelName = (typeof CHANNELS)[number];
export const Channel = Object.fromEntries(CHANNELS.map((s, i) => [s, i])) as { readonly [K in ChannelName]: number };
/** By Source: the channel a citizen learns from when that source leads to a penalty; -1 for none (companies' regulators, the unseen). */
export const CHANNEL_OF_SOURCE = Int8Array.from(SOURCES, (s) => (s === 'registry' || s === 'police' ? Channel.court : s === 'unseen' || s === 'regulator' ? -1 : Channel[s as ChannelName]));

/** What the data broker's marketer offers a citizen it targets: the citizen column `offer`, set by consequence, taken up on payday by life. */
export const Offer = { none: 0, loan: 1, product: 2 } as const;

/** By Source: the cause of a wrongful observation it made (an index into WRONGFUL_CAUSES), -1 for a source that makes none. */
export const WRONGFUL_CAUSE_OF_SOURCE = Int8Array.from(SOURCES, (s) => (s === 'camera' ? 0 : s === 'censor' ? 1 : s === 'platform' || s === 'employer' ? 2 : s === 'informant' ? 3 : -1));
