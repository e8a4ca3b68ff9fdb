import type { SpanWorld } from '../world.ts';
import { streamKey, uniform } from '../core/random.ts';
import { EventType } from '../core/events.ts';
import { emit } from './emit.ts';
import { TRAIT, SHARE } from '../population/citizens.ts';
import { chillAwareness, uniformRiskThrough, WATCHED_BY } from './knowledge.ts';

/**
 * Speech and spontaneity: citizens post online at a rate set by sociability. A post is dissent by
 * Epstein's rule (2002): grievance G = H (1 - L), and the citizen speaks out iff
 * G - R x perceived risk > T, the risk being that of what one posts being read (flagged by
 * a censor or reported by its readers: core/sources.ts channelOf). Citizens also do unusual but legal things in public, less often the more watched by
 * cameras they feel: the chilling elasticity applies in full when the act is scored, not at all
 * when published rules say it is not, and by `secretUncertainty` when the rules are secret.
 */
export function liveSpeech(world: SpanWorld, from = 0, to = world.pop.n): void {
  const { day, pop, scenario } = world;
  const sp = scenario.life.speech;
  const c = pop.citizens;
  const key = streamKey(world.seed, 'speech.post');
  const kSpont = streamKey(world.seed, 'speech.spontaneous');
  const r = scenario.response;
  const chillIn = chillAwareness(world, EventType.spontaneous_act).map((a) => r.chillingElasticity * a);
  const spontPrior = uniformRiskThrough(r.riskPrior, WATCHED_BY[EventType.spontaneous_act]);
  const camera = c.riskCamera,
    censor = c.riskCensor;
  for (let i = from; i < to; i++) {
    const u = uniform(kSpont, i, day, 0);
    const pSpont = r.spontaneousPerDay * c.sociability[i] * TRAIT;
    const chill = chillIn[c.home[i]];
    if (u < pSpont && (chill === 0 || spontPrior === 0 || u < pSpont * ((camera[i] * SHARE) / spontPrior) ** -chill)) emit(world, EventType.spontaneous_act, i, c.home[i], 0);
    if (uniform(key, i, day, 0) >= sp.postsPerDay * c.sociability[i] * TRAIT) continue;
    const grievance = c.hardship[i] * SHARE * (1 - c.legitimacy[i] * SHARE);
    const dissent = grievance - c.riskAversion[i] * TRAIT * censor[i] * SHARE > sp.dissentThreshold;
    emit(world, dissent ? EventType.dissent_post : EventType.post, i, c.home[i], grievance);
  }
}
