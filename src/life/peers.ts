import type { SpanWorld } from '../world.ts';
import { streamKey, uniform, below, normal } from '../core/random.ts';
import { EventType } from '../core/events.ts';
import { emit } from './emit.ts';
import { TRAIT, SHARE, shareBits } from '../population/citizens.ts';
import { isCut, friendAt, degreeOf } from '../population/graph.ts';

const STARS = 5;

/**
 * Peers: a citizen meets a friend, and each rates the other from 1 to 5 stars. A rating reflects
 * the ratee's quality (sociability and conscientiousness) with noise, unless the rater is lenient
 * and gives five stars; where the ratee's rating is visible to friends, raters defer to it
 * (`scoreDeference`). Harsh ratings are answered in kind, and a rater answered harshly learns
 * leniency: this is how ratings inflate toward the maximum (Filippas, Horton & Golden 2022).
 */
export function livePeers(world: SpanWorld, from = 0, to = world.pop.n): number[] {
  const { day, pop, scenario } = world;
  const pe = scenario.life.peers;
  if (pe.meetingsPerDay === 0) return [];
  const c = pop.citizens;
  const g = pop.graph;
  const key = streamKey(world.seed, 'peers.meet');
  // leniency learned today is applied once every meeting is over (learnLeniency), so no meeting
  // depends on the order of others, nor on which thread runs it
  const learners: number[] = [];
  const seen = visibleRating(world);
  for (let i = from; i < to; i++) {
    const degree = degreeOf(g, i);
    if (degree === 0 || uniform(key, i, day, 0) >= pe.meetingsPerDay * c.sociability[i] * TRAIT) continue;
    const tie = g.offsets[i] + below(key, i, day, 1, degree);
    if (isCut(g, tie)) continue; // a friendship that was cut: no meeting
    const friend = friendAt(g, i, tie);
    const given = rate(world, seen, i, friend, key, i, day, 2);
    let back = rate(world, seen, friend, i, key, i, day, 4);
    if (given < pe.harshBelow) {
      back = Math.min(back, given); // retaliation
      learners.push(i);
    }
    emit(world, EventType.peer_rating, i, c.home[i], given, friend);
    emit(world, EventType.peer_rating, friend, c.home[friend], back, i);
  }
  return learners;
}

/** Raters answered harshly today learn leniency. */
export function learnLeniency(world: SpanWorld, learners: ArrayLike<number>): void {
  const c = world.pop.citizens;
  const rate = world.scenario.life.peers.leniencyLearning;
  for (let j = 0; j < learners.length; j++) c.leniency[learners[j]] = shareBits(c.leniency[learners[j]] * SHARE + rate * (1 - c.leniency[learners[j]] * SHARE));
}

/** The first ratings scorer whose scores friends can see, or -1: the rating raters defer to. */
function visibleRating(world: SpanWorld): number {
  return world.policy.scorers.findIndex((s) => s.kind === 'citizens' && s.aggregation === 'ratings' && s.visibility !== 'private');
}

/** Stars given by `rater` to `ratee`, from draws k and k + 1 of the meeting that `initiator` began; `seen` is the visible ratings scorer, or -1. */
function rate(world: SpanWorld, seen: number, rater: number, ratee: number, key: number, initiator: number, day: number, k: number): number {
  const c = world.pop.citizens;
  const pe = world.scenario.life.peers;
  // every draw is keyed by the meeting's initiator: a citizen met by several friends in a day
  // rates each of them with fresh draws
  if (uniform(key, initiator, day, k) < c.leniency[rater] * SHARE) return STARS;
  let merit = ((c.sociability[ratee] + c.conscientiousness[ratee]) * TRAIT) / 2;
  if (seen >= 0) {
    const sc = world.policy.scorers[seen];
    const shown = (world.standing.scores[seen][ratee] - sc.min) / (sc.max - sc.min);
    merit += pe.scoreDeference * (shown - merit);
  }
  const quality = merit + pe.ratingNoise * normal(key, initiator, day, k + 1);
  return Math.min(STARS, Math.max(1, 1 + Math.round((STARS - 1) * quality)));
}
