import type { Population } from '../population/create.ts';

/**
 * What a policy's expressions read: today's date, the day's events, the population and the
 * judge's standing. The engine's world is one; a life thread's view of the shared columns is
 * another. The policy is compiled from the scenario alone and evaluated against a source.
 */
export interface FieldSource {
  readonly day: number;
  readonly events: { readonly cols: { readonly value: Float32Array; readonly district: Uint16Array } };
  readonly pop: Pick<Population, 'citizens' | 'companies' | 'graph'>;
  readonly standing: { readonly scores: readonly Float32Array[]; readonly listed: readonly Uint8Array[] };
}
