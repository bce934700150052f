/*
 * activation-code.js - activation codes as the user types them.
 *
 * A code is 25 symbols of Crockford base32 (0-9 and A-Z without I, L, O, U)
 * written in five groups of five joined by "-". Input is read the way the
 * server reads it: upper case, spaces and "-" dropped, I and L taken as 1,
 * O as 0. The last symbol is a Luhn mod 32 check symbol over the first 24,
 * so most mistyped codes are caught before anything is sent.
 *
 *   checkCode('7kq2m 9xh4t ...') -> { canon, state: 'empty'|'partial'|'format'|'typo'|'ok' }
 *   groupCode(canon)             -> XXXXX-XXXXX-...
 *   regroupInput(input)          -> regroups an input's text as the user types
 */

export const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const CODE_SYMBOLS = 25;
const ALIASES = { I: '1', L: '1', O: '0' };

/** Upper-cased symbols of text with separators dropped and aliases read (invalid characters kept). */
export function normalizeCode(text) {
  let out = '';
  for (const ch of String(text || '').toUpperCase()) {
    if (ch === ' ' || ch === '-' || ch === '\t' || ch === '\u2010' || ch === '\u2011' || ch === '\u2013' || ch === '\u2212') continue;
    out += ALIASES[ch] || ch;
  }
  return out;
}

/** The Luhn mod 32 check symbol over canon (symbols of ALPHABET). */
export function checkSymbol(canon) {
  let sum = 0;
  let factor = 2;
  for (let i = canon.length - 1; i >= 0; i--) {
    const v = ALPHABET.indexOf(canon[i]);
    const addend = factor * v;
    sum += Math.floor(addend / 32) + (addend % 32);
    factor = factor === 2 ? 1 : 2;
  }
  return ALPHABET[(32 - (sum % 32)) % 32];
}

/**
 * What the typed text is: 'empty'; 'partial' (valid symbols, too few yet);
 * 'format' (a character outside the alphabet, or too many); 'typo' (25
 * symbols whose check symbol does not match); 'ok'. `bad` is the first
 * character that is not a code symbol, if any.
 */
export function checkCode(text) {
  const canon = normalizeCode(text);
  if (!canon) return { canon, state: 'empty', count: 0 };
  const badIndex = [...canon].findIndex((c) => !ALPHABET.includes(c));
  if (badIndex >= 0) return { canon, state: 'format', count: canon.length, bad: [...canon][badIndex] };
  if (canon.length > CODE_SYMBOLS) return { canon, state: 'format', count: canon.length, tooLong: true };
  if (canon.length < CODE_SYMBOLS) return { canon, state: 'partial', count: canon.length };
  if (checkSymbol(canon.slice(0, -1)) !== canon[CODE_SYMBOLS - 1]) return { canon, state: 'typo', count: canon.length };
  return { canon, state: 'ok', count: canon.length };
}

/** canon grouped in fives: "7KQ2M9XH4T" -> "7KQ2M-9XH4T". */
export function groupCode(canon) {
  return [...canon].reduce((s, c, i) => s + (i > 0 && i % 5 === 0 ? '-' : '') + c, '');
}

/**
 * Regroups the text of input as the user types, keeping the caret after the
 * same symbol it followed. Returns checkCode of the new value.
 */
export function regroupInput(input) {
  const value = input.value;
  const caret = input.selectionStart ?? value.length;
  const before = normalizeCode(value.slice(0, caret)).length;
  const canon = normalizeCode(value);
  const grouped = groupCode(canon);
  if (grouped !== value) {
    input.value = grouped;
    // Position after `before` symbols (and the dash that follows a full group only when more follows).
    let pos = before + Math.floor(Math.max(before - 1, 0) / 5);
    if (before > 0 && before % 5 === 0 && before < canon.length) pos += 1;
    if (document.activeElement === input) input.setSelectionRange(pos, pos);
  }
  return checkCode(grouped);
}
