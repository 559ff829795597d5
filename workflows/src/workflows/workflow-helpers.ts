/**
 * Small pure helpers shared by the workflows, their contracts and the activities. No I/O, no clock, no
 * randomness and no imports, so they are safe inside the workflow sandbox and give the same answer on replay.
 */

export const HOUR_MS = 60 * 60 * 1000;
export const DAY_MS = 24 * HOUR_MS;

/** Record ids accepted by the store (core/domain/common `Id`), checked here without importing zod into workflow code. */
export const MAX_ID_CHARS = 128;
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]*$/;
export const isRecordId = (value: unknown): value is string => typeof value === 'string' && value.length <= MAX_ID_CHARS && ID_PATTERN.test(value);

/** Non-empty text (after trimming) of at most `max` characters. */
export const isText = (value: unknown, max: number): value is string => typeof value === 'string' && value.trim().length > 0 && value.trim().length <= max;

/** FNV-1a, 32 bits, as 8 hex digits: a short deterministic hash that workflow code can compute. */
export function fnv1a(text: string, seed: number): string {
  let hash = seed >>> 0;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

/** 16 hex digits (two FNV-1a passes with different seeds): a suffix that keeps a shortened id unique. */
export const idHash = (text: string): string => `${fnv1a(text, 0x811c9dc5)}${fnv1a(text, 0x01000193)}`;
