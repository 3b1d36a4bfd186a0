/**
 * The ASCII characters JavaScript's case mapping makes of some non-ASCII character: `İ`.toLowerCase() holds an `i`,
 * the Kelvin sign's a `k`; `ß`.toUpperCase() is `SS`, `ﬁ`'s is `FI`, and so on. ascii-folding.test.ts checks these
 * against every code point.
 */
export const ASCII_FROM_NON_ASCII = { tolower: 'ik', toupper: 'AFHIJLNSTWY' } as const;

/**
 * Whether comparing a folded string with `needle` (contains, startswith, endswith, eq) gives the same answer when
 * only the string's ASCII letters are folded, as SQL's lower()/upper() do, as when JavaScript folds every character.
 * It does when the needle is ASCII and holds no character JavaScript makes of a non-ASCII one: every character a match
 * covers is then an ASCII character of the string itself, which both fold alike, and each folds to exactly one.
 */
export function foldsLikeAscii(needle: string, fold: 'tolower' | 'toupper'): boolean {
  const made = ASCII_FROM_NON_ASCII[fold];
  for (let i = 0; i < needle.length; i++) {
    // Any code unit from 0x80 up is not ASCII (a control character is).
    if (needle.charCodeAt(i) >= 0x80 || made.includes(needle.charAt(i))) return false;
  }
  return true;
}
