import type { World } from '../engine/world.ts';
import { streamKey, uniform } from '../engine/random.ts';
import { EventType } from './event-types.ts';
import { emit } from './emit.ts';

/**
 * Speech: citizens post online at a rate set by sociability. A post is dissent by Epstein's rule
 * (2002): grievance G = H (1 - L), and the citizen speaks out iff G - R x perceived risk > T.
 */
export function liveSpeech(world: World): void {
  const { day, pop, scenario } = world;
  const sp = scenario.life.speech;
  const c = pop.citizens;
  const key = streamKey(world.seed, 'speech.post');
  for (let i = 0; i < pop.n; i++) {
    if (uniform(key, i, day, 0) >= sp.postsPerDay * c.sociability[i]) continue;
    const grievance = c.hardship[i] * (1 - c.legitimacy[i]);
    const dissent = grievance - c.riskAversion[i] * c.perceivedRisk[i] > sp.dissentThreshold;
    emit(world, dissent ? EventType.dissent_post : EventType.post, i, c.home[i], grievance);
  }
}
