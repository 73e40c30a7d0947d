import { MAX_DEPTH } from './limits.js';

/**
 * A small JSON scanner used beside JSON.parse: it finds where each applicant of an array starts (for
 * line numbers), and where a syntax error is, without repeating the text around it as V8's messages
 * do (that text is applicant data).
 */
export class JsonSyntaxError extends Error {
  constructor(
    readonly offset: number,
    detail: string,
  ) {
    super(detail);
  }
}

export class JsonScanner {
  pos = 0;
  constructor(readonly text: string) {}

  ws(): void {
    const t = this.text;
    while (this.pos < t.length) {
      const c = t.charCodeAt(this.pos);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) this.pos++;
      else break;
    }
  }

  fail(expected: string): never {
    if (this.pos >= this.text.length) throw new JsonSyntaxError(this.pos, `unexpected end of file (expected ${expected})`);
    const c = this.text[this.pos]!;
    const shown = /[{}[\]:,"]/.test(c) ? `'${c}'` : 'text';
    throw new JsonSyntaxError(this.pos, `unexpected ${shown} (expected ${expected})`);
  }

  value(depth = 0): void {
    if (depth > MAX_DEPTH) throw new JsonSyntaxError(this.pos, `nested more than ${MAX_DEPTH} levels deep`);
    this.ws();
    const c = this.text[this.pos];
    if (c === '{') this.object(() => this.value(depth + 1));
    else if (c === '[') this.array(() => this.value(depth + 1));
    else if (c === '"') this.string();
    else if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) this.number();
    else if (this.text.startsWith('true', this.pos)) this.pos += 4;
    else if (this.text.startsWith('false', this.pos)) this.pos += 5;
    else if (this.text.startsWith('null', this.pos)) this.pos += 4;
    else this.fail('a value');
  }

  /** Reads an object, calling onValue for each member's value (positioned at it). */
  object(onValue: (key: string) => void): void {
    this.pos++; // {
    this.ws();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return;
    }
    for (;;) {
      this.ws();
      if (this.text[this.pos] !== '"') this.fail('a property name in double quotes');
      const key = this.string();
      this.ws();
      if (this.text[this.pos] !== ':') this.fail("':'");
      this.pos++;
      this.ws();
      onValue(key);
      this.ws();
      const c = this.text[this.pos];
      if (c === ',') this.pos++;
      else if (c === '}') {
        this.pos++;
        return;
      } else this.fail("',' or '}'");
    }
  }

  /** Reads an array, calling onElement for each element (positioned at its first character). */
  array(onElement: (index: number) => void): void {
    this.pos++; // [
    this.ws();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return;
    }
    for (let i = 0; ; i++) {
      this.ws();
      onElement(i);
      this.ws();
      const c = this.text[this.pos];
      if (c === ',') this.pos++;
      else if (c === ']') {
        this.pos++;
        return;
      } else this.fail("',' or ']'");
    }
  }

  string(): string {
    const start = ++this.pos;
    const t = this.text;
    for (;;) {
      const c = t.charCodeAt(this.pos);
      if (Number.isNaN(c)) this.fail('a closing double quote');
      if (c === 0x22) break;
      if (c === 0x5c) {
        this.pos++;
        const e = t[this.pos];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(t.slice(this.pos + 1, this.pos + 5))) this.fail('four hex digits after \\u');
          this.pos += 4;
        } else if (e === undefined || !'"\\/bfnrt'.includes(e)) this.fail('a valid escape');
      } else if (c < 0x20) this.fail('no raw control character inside a string');
      this.pos++;
    }
    this.pos++;
    return t.slice(start, this.pos - 1);
  }

  number(): void {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(this.text.slice(this.pos, this.pos + 400));
    if (!m) this.fail('a number');
    this.pos += m[0].length;
  }

  /** Validates the whole text as one JSON document. */
  document(): void {
    this.ws();
    this.value();
    this.ws();
    if (this.pos < this.text.length) this.fail('end of file');
  }
}

/** Line and column (1-based) of an offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

/**
 * `lineColumn` for many offsets of one text: its line breaks are found once, at the first call,
 * and each offset's line found among them by halving. Locating each bad field of a large
 * pretty-printed document by counting its lines from the start was quadratic.
 */
export function lineLocator(text: string): (offset: number) => { line: number; column: number } {
  let breaks: number[] | undefined;
  return (offset) => {
    if (breaks === undefined) {
      breaks = [];
      for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) breaks.push(i);
    }
    // How many breaks come before the offset: its line is one more.
    let lo = 0;
    let hi = breaks.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (breaks[mid]! < offset) lo = mid + 1;
      else hi = mid;
    }
    return { line: lo + 1, column: offset - (lo === 0 ? 0 : breaks[lo - 1]! + 1) + 1 };
  };
}

/** Where a syntax error is, for a text JSON.parse refused. */
export function locateSyntaxError(text: string): { offset: number; detail: string } {
  try {
    new JsonScanner(text).document();
  } catch (e) {
    if (e instanceof JsonSyntaxError) return { offset: e.offset, detail: e.message };
    throw e;
  }
  return { offset: 0, detail: 'not valid JSON' };
}

/**
 * Offsets where the applicants of a valid JSON document start: each element of a top-level array or
 * of a top-level `applicants` array, or the document itself when it is one object.
 */
export function applicantOffsets(text: string): number[] {
  const s = new JsonScanner(text);
  s.ws();
  const offsets: number[] = [];
  const c = s.text[s.pos];
  const elements = () =>
    s.array(() => {
      offsets.push(s.pos);
      s.value(1);
    });
  if (c === '[') elements();
  else if (c === '{') {
    const start = s.pos;
    let wrapped = false;
    s.object((key) => {
      if (key === 'applicants' && s.text[s.pos] === '[') {
        wrapped = true;
        elements();
      } else s.value(1);
    });
    if (!wrapped) offsets.push(start);
  }
  return offsets;
}

class Found extends Error {
  constructor(readonly offset: number) {
    super('found');
  }
}

/**
 * Offset of the value at a JSON pointer ("/ipEvents/2/at") inside the value starting at `start`, or
 * undefined when the text has no such value. Used to put the line of the field, not of its
 * applicant, in error messages.
 */
export function pointerOffset(text: string, start: number, pointer: string): number | undefined {
  const segments = pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  const s = new JsonScanner(text);
  s.pos = start;
  const descend = (depth: number): void => {
    s.ws();
    if (depth === segments.length) throw new Found(s.pos);
    const want = segments[depth]!;
    const c = s.text[s.pos];
    if (c === '{') s.object((key) => (key === want ? descend(depth + 1) : s.value(1)));
    else if (c === '[') s.array((i) => (String(i) === want ? descend(depth + 1) : s.value(1)));
  };
  try {
    descend(0);
  } catch (e) {
    if (e instanceof Found) return e.offset;
    return undefined;
  }
  return undefined;
}
