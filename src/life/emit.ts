import type { SpanWorld, World } from '../world.ts';
import { reserve } from '../core/buffer.ts';

/** Append one act to today's events; `target` is whom it is about, when not the actor. */
export function emit(world: SpanWorld, type: number, actor: number, district: number, value: number, target = actor): void {
  const buf = world.events;
  const i = reserve(buf);
  buf.cols.type[i] = type;
  buf.cols.actor[i] = actor;
  buf.cols.target[i] = target;
  buf.cols.district[i] = district;
  buf.cols.value[i] = value;
}

/** Note a tie cut today, for measurement. */
export function recordCut(world: World, citizen: number, friend: number, reason: number): void {
  const t = reserve(world.ties);
  world.ties.cols.citizen[t] = citizen;
  world.ties.cols.friend[t] = friend;
  world.ties.cols.reason[t] = reason;
}
