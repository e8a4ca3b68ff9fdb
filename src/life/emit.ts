import type { World } from '../engine/world.ts';
import { reserve } from '../engine/buffer.ts';

/** Append one act to today's events; `target` is whom it is about, when not the actor. */
export function emit(world: World, type: number, actor: number, district: number, value: number, target = actor): void {
  const buf = world.events;
  const i = reserve(buf);
  buf.cols.type[i] = type;
  buf.cols.actor[i] = actor;
  buf.cols.target[i] = target;
  buf.cols.district[i] = district;
  buf.cols.value[i] = value;
}
