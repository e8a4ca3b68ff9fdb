import type { SpanWorld } from '../world.ts';
import { captureProbability } from '../city/city.ts';

/**
 * What citizens can know of the system. When a scorer of citizens publishes its rules, they learn
 * how watched they are (the capture probability in their district) and which acts are scored;
 * under secret rules they know only what happens to them and to those around them.
 */
export function rulesPublished(world: SpanWorld): boolean {
  return world.policy.scorers.some((s) => s.kind === 'citizens' && s.transparency === 'published');
}

/** The detection risk a citizen would perceive from the published rules, by district. */
export function knownRisk(world: SpanWorld): Float64Array {
  const o = world.scenario.observe;
  return Float64Array.from(world.city.districts.camerasPerThousand, (d) => captureProbability(d, o.cameraSaturation) * (1 - o.fnir));
}

/** Whether any scorer of citizens scores an event type: under published rules, the rest is known to be free. */
export function scored(world: SpanWorld, type: number): boolean {
  return world.policy.scorers.some((s) => s.kind === 'citizens' && s.rulesByType[type].length > 0);
}
