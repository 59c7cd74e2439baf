/**
 * The keys stored analyses (model grid, FOV bootstrap) carry: what a result was computed from, so
 * that a result made from other inputs shows as stale. The inputs are the experiment, the
 * parameters hash of its measurements (which covers the segmentation method and, for the learned
 * one, the model's id: see core/segmentation/params `paramsHash`), the number of measured images
 * and every clone's known potency; the options (settings, replicates) follow as JSON.
 * A stored result is current only when its inputs part equals the current one in full.
 */

export interface AnalysisInputs {
  experimentId: string;
  paramsHash: string;
  images: number;
  potency: readonly (readonly [string, number | null])[];
}

/** The inputs part of a key. */
export function inputsKey(i: AnalysisInputs): string {
  return `${i.experimentId}|${i.paramsHash}|${i.images}|${i.potency.map(([c, p]) => `${c}=${p}`).join(',')}`;
}

/** The whole key stored with a result: its inputs and the options it was computed with. */
export function analysisKey(inputs: string, options: unknown): string {
  return `${inputs}|${JSON.stringify(options ?? null)}`;
}

/** The inputs part of a stored key (the options' JSON cut off); null for a key of another form. */
export function storedInputs(key: string): string | null {
  const at = key.lastIndexOf('|{');
  return at < 0 ? null : key.slice(0, at);
}

/** True when a stored result was computed from exactly these inputs, whatever its options. */
export function isCurrent(storedKey: string, inputs: string): boolean {
  return storedInputs(storedKey) === inputs;
}
