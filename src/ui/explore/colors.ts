/** Potency colours: one perceptual scale (viridis) from 7 to 13 passages, grey for unknown. */
export const POTENCY_SCALE = 'Viridis';
export const POTENCY_MIN = 7;
export const POTENCY_MAX = 13;

const VIRIDIS = ['#440154', '#482878', '#3e4989', '#31688e', '#26828e', '#1f9e89', '#35b779', '#6ece58', '#b5de2b', '#fde725'];

export function potencyColorOf(potency: number | null): string {
  if (potency === null || !Number.isFinite(potency)) return '#98a2b3';
  const t = Math.min(1, Math.max(0, (potency - POTENCY_MIN) / (POTENCY_MAX - POTENCY_MIN)));
  return VIRIDIS[Math.round(t * (VIRIDIS.length - 1))]!;
}

/** A qualitative colour per group. */
export const GROUP_COLORS: Record<string, string> = { REC: '#2458c6', bulk: '#d9480f' };
