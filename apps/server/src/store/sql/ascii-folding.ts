/**
 * The ASCII characters JavaScript's case mapping makes of some non-ASCII character: `İ`.toLowerCase() holds an `i`,
 * the Kelvin sign's a `k`; `ß`.toUpperCase() is `SS`, `ﬁ`'s is `FI`, and so on. ascii-folding.test.ts checks these
 * against every code point.
 */
export const ASCII_FROM_NON_ASCII = { tolower: 'ik', toupper: 'AFHIJLNSTWY' } as const;

// Printable ASCII and the other ASCII controls alike: any code unit below 0x80.
const ASCII = /^[\u0000-\u007f]*$/;

/**
 * Whether comparing a folded string with `needle` (contains, startswith, endswith, eq) gives the same answer when
 * only the string's ASCII letters are folded, as SQL's lower()/upper() do, as when JavaScript folds every character.
 * It does when the needle is ASCII and holds no character JavaScript makes of a non-ASCII one: every character a match
 * covers is then an ASCII character of the string itself, which both fold alike, and each folds to exactly one.
 */
export function foldsLikeAscii(needle: string, fold: 'tolower' | 'toupper'): boolean {
  if (!ASCII.test(needle)) return false;
  const made = ASCII_FROM_NON_ASCII[fold];
  for (const character of needle) if (made.includes(character)) return false;
  return true;
}
