// Seed 004's C_L4 phase zones as the views colour them: the run state names a zone (`optimal`, `growth`, `caution`,
// `critical`); the catalog gives its range and behaviour; each zone has one theme colour, used by the Stability view's
// icons and the timeline's bands, so the two always agree.

import { ZONES, zoneOf, type Zone } from '../../core/check/selfmod-catalog';
import type { ZoneId } from './protocol';

export interface ZoneStyle {
  readonly id: ZoneId;
  /** The seed's name (Optimal, Growth-Permitted, Caution, Critical). */
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly behaviour: string;
  /** A theme colour id (for ThemeColor in tree icons) … */
  readonly color: string;
  /** … and the same colour as the webview's CSS variable. */
  readonly cssVar: string;
  /** The codicon the Stability view shows for the zone. */
  readonly icon: string;
}

const BY_NAME: Readonly<Record<Zone['name'], { id: ZoneId; color: string; icon: string }>> = {
  Optimal: { id: 'optimal', color: 'charts.green', icon: 'pass-filled' },
  'Growth-Permitted': { id: 'growth', color: 'charts.blue', icon: 'circle-filled' },
  Caution: { id: 'caution', color: 'charts.yellow', icon: 'warning' },
  Critical: { id: 'critical', color: 'charts.red', icon: 'error' },
};

/** The four zones in increasing C_L4 order. */
export const ZONE_STYLES: readonly ZoneStyle[] = ZONES.map((z) => {
  const s = BY_NAME[z.name];
  return { id: s.id, name: z.name, min: z.min, max: z.max, behaviour: z.behaviour, color: s.color, cssVar: `--vscode-${s.color.replace(/\./g, '-')}`, icon: s.icon };
});

/** The style of a zone named by the run state. */
export function zoneStyle(id: ZoneId): ZoneStyle {
  return ZONE_STYLES.find((z) => z.id === id)!;
}

/**
 * The zone of a C_L4 value: the one the run state names when it names one (the simulator decides), else the
 * catalog's reading of the value (each boundary belongs to the zone above; NaN is Critical).
 */
export function zoneFor(cl4: number, named?: ZoneId): ZoneStyle {
  if (named) return zoneStyle(named);
  const z = zoneOf(cl4);
  return ZONE_STYLES.find((s) => s.name === z.name)!;
}
