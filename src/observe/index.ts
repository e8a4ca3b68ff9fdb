import type { World } from '../engine/world.ts';
import { ensureCapacity } from '../engine/buffer.ts';
import { Source, SOURCES } from '../engine/tables.ts';
import { streamKey, uniform } from '../engine/random.ts';
import { OBSERVER } from './sources.ts';
import { searchFace, NO_MATCH } from './face.ts';

/** Probability that a camera captures an act in a district: saturating in camera density. */
export function captureProbability(camerasPerThousand: number, saturation: number): number {
  return 1 - Math.exp(-camerasPerThousand / saturation);
}

/**
 * Observation: what the system sees of today's acts, and whom it blames. Cameras capture acts in
 * public with a probability set by their district's density, and a 1:N face search names the
 * actor, nobody, or an innocent; platforms, courts, censors and the civic registry each see
 * their share. Row i of the observations table describes event i.
 */
export function observe(world: World): void {
  const { day, pop, scenario, city } = world;
  const o = scenario.observe;
  const face = world.face;
  const capture = Float64Array.from(city.districts.camerasPerThousand, (d) => captureProbability(d, o.cameraSaturation));
  const share = new Float64Array(SOURCES.length);
  share[Source.platform] = o.platformShare;
  share[Source.court] = o.courtReporting;
  share[Source.censor] = o.censorShare;
  share[Source.registry] = o.registryShare;
  share[Source.employer] = o.employerReporting;
  share[Source.regulator] = o.regulatorShare;
  const kSeen = streamKey(world.seed, 'observe.seen');
  const kFace = streamKey(world.seed, 'observe.face');

  const ev = world.events.cols;
  const count = world.events.length;
  ensureCapacity(world.observations, count);
  world.observations.length = count;
  const ob = world.observations.cols;
  for (let e = 0; e < count; e++) {
    const type = ev.type[e];
    const actor = ev.actor[e];
    const source = OBSERVER[type];
    ob.source[e] = Source.unseen;
    ob.wrongful[e] = 0;
    ob.searched[e] = 0;
    if (source === Source.unseen) continue;
    const u = uniform(kSeen, actor, day, type);
    if (source === Source.camera) {
      if (u >= capture[ev.district[e]]) continue;
      ob.searched[e] = 1;
      const subject = searchFace(face, pop, actor, uniform(kFace, actor, day, type * 3), uniform(kFace, actor, day, type * 3 + 1), uniform(kFace, actor, day, type * 3 + 2));
      if (subject === NO_MATCH) continue;
      ob.source[e] = Source.camera;
      ob.subject[e] = subject;
      ob.wrongful[e] = subject === actor ? 0 : 1;
    } else if (u < share[source]) {
      ob.source[e] = source;
      ob.subject[e] = ev.target[e];
    }
  }
}
