import { at, invalidFilter } from './filter-error.js';

/**
 * `word`: a name, keyword or operator (`displayName`, `eq`, `and`, `contains`, `true`).
 * `bare`: an unquoted literal starting with a digit or `-`, i.e. a number or a DateTimeOffset;
 * the parser decides which, because only it knows what the literal is compared with.
 */
export type TokenKind = 'word' | 'string' | 'bare' | '(' | ')' | ',' | 'end';

export interface Token {
  kind: TokenKind;
  /** The token as written, e.g. `'O''Brien'` for a string. */
  text: string;
  /** A string token's value with `''` unescaped; otherwise the same as `text`. */
  value: string;
  pos: number;
}

const WORD_START = /[A-Za-z_$@]/;
// `/` and `.` let a navigation path or a qualified name lex as one word, so the error names it whole.
const WORD_PART = /[A-Za-z0-9_$@/.]/;
const BARE_PART = /[A-Za-z0-9:.+-]/;
const SPACE = /\s/;

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text.charAt(i);
    if (SPACE.test(c)) {
      i++;
    } else if (c === '(' || c === ')' || c === ',') {
      tokens.push({ kind: c, text: c, value: c, pos: i });
      i++;
    } else if (c === "'") {
      const token = readString(text, i);
      tokens.push(token);
      i += token.text.length;
    } else if (WORD_START.test(c)) {
      const end = scan(text, i + 1, WORD_PART);
      tokens.push({ kind: 'word', text: text.slice(i, end), value: text.slice(i, end), pos: i });
      i = end;
    } else if (/[0-9]/.test(c) || (c === '-' && /[0-9]/.test(text.charAt(i + 1)))) {
      const end = scan(text, i + 1, BARE_PART);
      tokens.push({ kind: 'bare', text: text.slice(i, end), value: text.slice(i, end), pos: i });
      i = end;
    } else if (c === '"') {
      throw invalidFilter(
        `double quotes are not string delimiters, ${at(i, text)}. Put text in single quotes, e.g. displayName eq 'Sales'.`,
      );
    } else {
      throw invalidFilter(`unexpected character '${c}' ${at(i, text)}.`);
    }
  }
  tokens.push({ kind: 'end', text: '', value: '', pos: text.length });
  return tokens;
}

function scan(text: string, from: number, part: RegExp): number {
  let end = from;
  while (end < text.length && part.test(text.charAt(end))) end++;
  return end;
}

function readString(text: string, start: number): Token {
  let value = '';
  let i = start + 1;
  while (i < text.length) {
    const c = text.charAt(i);
    if (c === "'") {
      if (text.charAt(i + 1) !== "'") {
        return { kind: 'string', text: text.slice(start, i + 1), value, pos: start };
      }
      value += "'";
      i += 2;
    } else {
      value += c;
      i++;
    }
  }
  throw invalidFilter(
    `unterminated string ${at(start, text)}. End the string with a single quote, and write a quote inside it as two ('').`,
  );
}
