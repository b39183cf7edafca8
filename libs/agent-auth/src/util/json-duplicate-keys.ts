const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;

/**
 * Whether an object anywhere in a JSON text repeats a member name (`{"sub":"a","sub":"b"}`), which
 * `JSON.parse` silently resolves to the last one (RFC 7515 §5.2 / RFC 7519 §4: such a JWT must be rejected).
 * Names are compared after unescaping (`"sub"` and `"s\u0075b"` are the same name). One linear pass.
 * @param json text that `JSON.parse` already accepted (the scanner does not validate).
 */
export function hasDuplicateKeys(json: string): boolean {
  /** One entry per open container: the names seen so far in an object, undefined for an array. */
  const open: Array<Set<string> | undefined> = [];
  let expectName = false;
  for (let i = 0; i < json.length; i++) {
    const char = json.charCodeAt(i);
    if (char === QUOTE) {
      const end = closingQuote(json, i);
      if (expectName) {
        const names = open[open.length - 1] as Set<string>;
        const raw = json.slice(i + 1, end);
        const name = raw.includes('\\') ? (JSON.parse(json.slice(i, end + 1)) as string) : raw;
        if (names.has(name)) return true;
        names.add(name);
        expectName = false;
      }
      i = end;
    } else if (char === OPEN_OBJECT) {
      open.push(new Set());
      expectName = true;
    } else if (char === OPEN_ARRAY) {
      open.push(undefined);
      expectName = false;
    } else if (char === CLOSE_OBJECT || char === CLOSE_ARRAY) {
      open.pop();
      expectName = false;
    } else if (char === COMMA) {
      expectName = open.length > 0 && open[open.length - 1] !== undefined;
    }
  }
  return false;
}

/** Index of the quote closing the string that opens at `start`. */
function closingQuote(json: string, start: number): number {
  let i = start + 1;
  while (i < json.length) {
    const char = json.charCodeAt(i);
    if (char === BACKSLASH) i += 2;
    else if (char === QUOTE) return i;
    else i++;
  }
  return json.length;
}
