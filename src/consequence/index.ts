import type { World } from '../engine/world.ts';
import { reserve } from '../engine/buffer.ts';

/**
 * Consequence: every attempt meets the gates set on it. A gate denies anyone on its list, or
 * anyone whose tier with its scorer is worse than `atLeast`. Each decision is recorded; its cost
 * reaches the citizen tomorrow through life's response.
 */
export function consequence(world: World): void {
  const { policy, standing } = world;
  const ev = world.events.cols;
  const count = world.events.length;
  const byType = policy.gatesByType;
  for (let e = 0; e < count; e++) {
    const gates = byType[ev.type[e]];
    if (gates.length === 0) continue;
    const actor = ev.actor[e];
    for (let g = 0; g < gates.length; g++) {
      const gate = gates[g];
      const listed = gate.list >= 0 && standing.listed[gate.list][actor] === 1;
      const lowTier = gate.scorer >= 0 && standing.tiers[gate.scorer][actor] > gate.worstTier;
      const buf = world.decisions;
      const j = reserve(buf);
      buf.cols.event[j] = e;
      buf.cols.gate[j] = gate.index;
      buf.cols.granted[j] = listed || lowTier ? 0 : 1;
    }
  }
}
