import { EventType, EVENT_TYPES, EVENT_TYPE_COUNT, type EventTypeName } from './events.ts';
import { Source, CHANNEL_OF_SOURCE, Channel } from './tables.ts';

/** Which institution can see each kind of act. Attempts are not observed: gates decide them. */
const SEEN_BY: Partial<Record<EventTypeName, number>> = {
  theft: Source.camera,
  violent_crime: Source.camera,
  jaywalking: Source.camera,
  red_light: Source.camera,
  drunk_driving: Source.camera,
  accident: Source.camera,
  missed_payment: Source.platform,
  late_payment: Source.platform,
  loan_taken: Source.platform,
  marketed_loan: Source.platform,
  purchase_essentials: Source.platform,
  purchase_alcohol: Source.platform,
  purchase_tobacco: Source.platform,
  purchase_games: Source.platform,
  purchase_books: Source.platform,
  purchase_charity: Source.platform,
  marketed_purchase: Source.platform,
  gaming_hours: Source.platform,
  lawsuit: Source.court,
  judgment: Source.court,
  judgment_defaulted: Source.court,
  judgment_repaid: Source.court,
  finding_published: Source.censor,
  contrary_finding: Source.censor,
  post: Source.censor,
  dissent_post: Source.censor,
  spontaneous_act: Source.camera,
  volunteering: Source.registry,
  blood_donation: Source.registry,
  heroic_act: Source.registry,
  work_breach: Source.employer,
  peer_rating: Source.platform,
  tax_paid: Source.regulator,
  tax_arrears: Source.regulator,
  contract_breach: Source.regulator,
  safety_incident: Source.regulator,
  pollution_incident: Source.regulator,
};

export const OBSERVER = new Uint8Array(EVENT_TYPE_COUNT);
for (const [name, source] of Object.entries(SEEN_BY)) OBSERVER[EventType[name as EventTypeName]] = source;

/** Acts a neighbour may witness and report when the system missed them. */
export const REPORTABLE = Uint8Array.from(EVENT_TYPES, (t) => (['jaywalking', 'red_light', 'drunk_driving', 'dissent_post', 'theft', 'violent_crime'].includes(t) ? 1 : 0));

/**
 * The channel through which a citizen feels an observation: its source's, except that a post
 * reported by an informant was reported by its online readers, so it teaches, like a censor's
 * flag, that what one posts is read (and nothing of the street); -1 for none.
 */
export function channelOf(source: number, type: number): number {
  return source === Source.informant && type === EventType.dissent_post ? Channel.censor : CHANNEL_OF_SOURCE[source];
}
