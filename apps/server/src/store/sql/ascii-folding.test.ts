import { ASCII_FROM_NON_ASCII, foldsLikeAscii } from './ascii-folding.js';

it('knows every ASCII character JavaScript makes of a non-ASCII one, lower- and upper-casing', () => {
  const made = { tolower: new Set<string>(), toupper: new Set<string>() };
  for (let point = 0x80; point <= 0x10ffff; point++) {
    if (point >= 0xd800 && point <= 0xdfff) continue;
    const character = String.fromCodePoint(point);
    for (const c of character.toLowerCase()) if (c < '\u0080') made.tolower.add(c);
    for (const c of character.toUpperCase()) if (c < '\u0080') made.toupper.add(c);
  }
  expect([...made.tolower].sort().join('')).toBe(ASCII_FROM_NON_ASCII.tolower);
  expect([...made.toupper].sort().join('')).toBe(ASCII_FROM_NON_ASCII.toupper);
});

it('lets SQL fold ASCII letters only for an ASCII needle without such characters', () => {
  expect(foldsLikeAscii('sales 7', 'tolower')).toBe(true);
  expect(foldsLikeAscii('', 'tolower')).toBe(true);
  expect(foldsLikeAscii('kit', 'tolower')).toBe(false);
  expect(foldsLikeAscii('café', 'tolower')).toBe(false);
  expect(foldsLikeAscii('SALES', 'toupper')).toBe(false);
  expect(foldsLikeAscii('BOX', 'toupper')).toBe(true);
});
