/**
 * Traffic Light Protocol 2.0 (FIRST, https://www.first.org/tlp/).
 *
 * TLP is a core type of Renkei: every stored object that carries information has one.
 * The order below is "how restricted": a reader whose clearance is AMBER may see CLEAR, GREEN
 * and AMBER objects of their workspace, never AMBER+STRICT or RED ones.
 * @module
 */
import { z } from 'zod';

/** TLP 2.0 labels, least restricted first. */
export const TLP_LEVELS = ['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED'] as const;
export type Tlp = (typeof TLP_LEVELS)[number];
export const tlpSchema = z.enum(TLP_LEVELS);

/** Rank of a label: higher is more restricted. */
export function tlpRank(tlp: Tlp): number {
  return TLP_LEVELS.indexOf(tlp);
}

/** True when a reader cleared for `clearance` may see an object labelled `label`. */
export function isTlpWithin(label: Tlp, clearance: Tlp): boolean {
  return tlpRank(label) <= tlpRank(clearance);
}

/** Labels a reader with `clearance` may see, least restricted first. */
export function tlpLevelsWithin(clearance: Tlp): Tlp[] {
  return TLP_LEVELS.filter((level) => isTlpWithin(level, clearance));
}

/** The more restrictive of two labels (used when information is combined). */
export function maxTlp(a: Tlp, b: Tlp): Tlp {
  return tlpRank(a) >= tlpRank(b) ? a : b;
}
