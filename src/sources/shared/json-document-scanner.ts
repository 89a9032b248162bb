// Finds the records of a JSON document ({"users": [...]} or [...]) in a byte stream without building the
// document. Only the document's frame is parsed here: the top-level object or array, its keys, commas and
// brackets. Each record is cut out as raw text (brackets balanced, strings and escapes respected) and left
// to JSON.parse, so a record reads exactly as it did when the whole file went through JSON.parse, a record
// with a bad value inside is rejected on its own, and only a broken frame (a cut-off file, a missing comma
// between records) ends the document. Memory: one record at a time, whatever the file's size.


const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const QUOTE = 0x22;
const COMMA = 0x2c;
const COLON = 0x3a;
const LBRACKET = 0x5b;
const BACKSLASH = 0x5c;
const RBRACKET = 0x5d;
const LBRACE = 0x7b;
const RBRACE = 0x7d;

import type { FilePosition } from '../record';

export type ScanEvent =
  /** The records start: the list under `key`, or the top-level array when there is no key. */
  | { type: 'list'; key?: string }
  /** One record's JSON text; index counts from 1 in document order. */
  | { type: 'record'; index: number; text: string; at: FilePosition }
  /** The top-level object ended without a list of records; multiline: it did not fit on its first line. */
  | { type: 'closed'; multiline: boolean }
  /** The frame is broken here; nothing after it is read. `records` complete records came before it. */
  | { type: 'break'; records: number; reason: string; at: FilePosition }
  /** The input ended after a complete document (or held nothing but whitespace). */
  | { type: 'end' };

// Where the frame is. "Next" states follow a value and expect a comma or the closing bracket.
const enum State {
  Start,
  ObjectFirst,
  ObjectKey,
  ObjectColon,
  ObjectValue,
  ObjectNext,
  ListFirst,
  ListItem,
  ListNext,
  InValue,
  Done,
  Broken,
}

const enum Purpose {
  Record,
  Key,
  Skip,
}

const SCALAR = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)$/;
const MIB = 1024 * 1024;

function isSpace(b: number): boolean {
  return b === SPACE || b === LF || b === CR || b === TAB;
}

function isDelimiter(b: number): boolean {
  return b === COMMA || b === RBRACKET || b === RBRACE || isSpace(b);
}

/** A byte as a reader would want to see it in a reason. */
function showByte(b: number): string {
  return b >= 0x21 && b < 0x7f ? `'${String.fromCharCode(b)}'` : `byte 0x${b.toString(16).padStart(2, '0')}`;
}

export class JsonDocumentScanner {
  private state = State.Start;
  private line = 1;
  /** Absolute byte offset of the current chunk's first byte. */
  private base = 0;
  private events: ScanEvent[] = [];
  private records = 0;
  private chosen = false;
  private listInObject = false;
  private key = '';
  private topLine = 1;
  // The value being read (a record, a key, or a value of another top-level key that is skipped).
  private purpose = Purpose.Skip;
  private capture = false;
  private scalar = false;
  private inString = false;
  private escaped = false;
  private closers: number[] = [];
  private pieces: Buffer[] = [];
  private size = 0;
  private start = 0;
  private valueAt: FilePosition = { line: 1, byte: 0 };

  constructor(
    private readonly listKeys: readonly string[],
    private readonly maxValueBytes = 64 * MIB,
  ) {}

  /** Reads one chunk; returns what it found (in order). */
  push(chunk: Buffer): ScanEvent[] {
    this.events = [];
    let i = 0;
    const n = chunk.length;
    while (i < n && this.state !== State.Broken) {
      if (this.state === State.InValue) {
        i = this.scanValue(chunk, i);
        continue;
      }
      const b = chunk[i];
      if (b === LF) this.line += 1;
      else if (!isSpace(b) && !(this.base + i < 3 && (b === 0xef || b === 0xbb || b === 0xbf))) {
        if (!this.frame(chunk, i, b)) continue; // a value starts here: scan it from this byte
      }
      i += 1;
    }
    if (this.state === State.InValue) this.keepPartial(chunk);
    this.base += n;
    return this.events;
  }

  /** The input ended. */
  end(): ScanEvent[] {
    this.events = [];
    if (this.state === State.InValue && this.scalar) this.finishValue(Buffer.alloc(0), 0);
    if (this.state === State.Done || this.state === State.Start) this.events.push({ type: 'end' });
    else if (this.state !== State.Broken) this.breakAtEnd();
    return this.events;
  }

  /** One byte of the frame. Returns false when a value starts at it (the caller scans the value from there). */
  private frame(chunk: Buffer, i: number, b: number): boolean {
    switch (this.state) {
      case State.Start:
        if (b === LBRACE) {
          this.state = State.ObjectFirst;
          this.topLine = this.line;
        } else if (b === LBRACKET) this.openList(undefined);
        else this.fail(chunk, i, "'{' or '['");
        return true;
      case State.ObjectFirst:
      case State.ObjectKey:
        if (b === QUOTE) return this.startValue(chunk, i, Purpose.Key);
        if (b === RBRACE && this.state === State.ObjectFirst) this.closeObject();
        else this.fail(chunk, i, this.state === State.ObjectFirst ? "a key or '}'" : 'a key');
        return true;
      case State.ObjectColon:
        if (b === COLON) this.state = State.ObjectValue;
        else this.fail(chunk, i, `':' after key "${this.key}"`);
        return true;
      case State.ObjectValue:
        if (b === LBRACKET && !this.chosen && this.listKeys.includes(this.key)) {
          this.openList(this.key);
          return true;
        }
        if (b === COMMA || b === RBRACE || b === RBRACKET || b === COLON) {
          this.fail(chunk, i, `a value for key "${this.key}"`);
          return true;
        }
        return this.startValue(chunk, i, Purpose.Skip);
      case State.ObjectNext:
        if (b === COMMA) this.state = State.ObjectKey;
        else if (b === RBRACE) this.closeObject();
        else this.fail(chunk, i, "',' or '}'");
        return true;
      case State.ListFirst:
      case State.ListItem:
        if (b === RBRACKET && this.state === State.ListFirst) this.closeList();
        else if (b === COMMA || b === RBRACE || b === RBRACKET || b === COLON) this.fail(chunk, i, `record ${this.records + 1}`);
        else return this.startValue(chunk, i, Purpose.Record);
        return true;
      case State.ListNext:
        if (b === COMMA) this.state = State.ListItem;
        else if (b === RBRACKET) this.closeList();
        else this.fail(chunk, i, `',' or ']' after record ${this.records}`);
        return true;
      case State.Done:
        this.fail(chunk, i, 'nothing after the end of the document');
        return true;
      default:
        return true;
    }
  }

  private openList(key: string | undefined): void {
    this.chosen = true;
    this.listInObject = key !== undefined;
    this.state = State.ListFirst;
    this.events.push({ type: 'list', key });
  }

  private closeList(): void {
    this.state = this.listInObject ? State.ObjectNext : State.Done;
  }

  private closeObject(): void {
    this.state = State.Done;
    if (!this.chosen) this.events.push({ type: 'closed', multiline: this.line > this.topLine });
  }

  private startValue(chunk: Buffer, i: number, purpose: Purpose): false {
    const b = chunk[i];
    this.state = State.InValue;
    this.purpose = purpose;
    this.scalar = b !== LBRACE && b !== LBRACKET && b !== QUOTE;
    // Values of other top-level keys are not kept: their brackets and strings are followed, their content
    // is not checked (they hold no records); their scalars are kept to be checked.
    this.capture = purpose !== Purpose.Skip || this.scalar;
    this.inString = false;
    this.escaped = false;
    this.closers.length = 0;
    this.pieces = [];
    this.size = 0;
    this.start = i;
    this.valueAt = { line: this.line, byte: this.base + i };
    return false;
  }

  /** Scans the current value from chunk[from]; returns where the frame goes on (chunk.length: not done yet). */
  private scanValue(chunk: Buffer, from: number): number {
    const n = chunk.length;
    if (this.scalar) {
      for (let i = from; i < n; i += 1) {
        if (isDelimiter(chunk[i])) return this.finishValue(chunk, i);
      }
      return n;
    }
    // The string state lives in locals in the loop (a field per byte costs a third of the scan).
    const closers = this.closers;
    let inString = this.inString;
    let escaped = this.escaped;
    let i = from;
    for (; i < n; i += 1) {
      const b = chunk[i];
      if (inString) {
        if (escaped) escaped = false;
        else if (b === BACKSLASH) escaped = true;
        else if (b === QUOTE) {
          inString = false;
          if (closers.length === 0) break;
        } else if (b === LF) {
          this.breakAt(i, `a line ends inside a string (a missing '"'?)`);
          return n;
        }
      } else if (b === QUOTE) inString = true;
      else if (b === LBRACE) closers.push(RBRACE);
      else if (b === LBRACKET) closers.push(RBRACKET);
      else if (b === RBRACE || b === RBRACKET) {
        if (closers.pop() !== b) {
          this.breakAt(i, `unexpected ${showByte(b)}${this.purpose === Purpose.Record ? ` inside record ${this.records + 1}` : ''}`);
          return n;
        }
        if (closers.length === 0) break;
      } else if (b === LF) this.line += 1;
    }
    this.inString = inString;
    this.escaped = escaped;
    return i < n ? this.finishValue(chunk, i + 1) : n;
  }

  private keepPartial(chunk: Buffer): void {
    const rest = chunk.length - this.start;
    this.size += rest;
    if (this.capture && rest > 0) this.pieces.push(chunk.subarray(this.start));
    this.start = 0;
    if (this.capture && this.size > this.maxValueBytes) {
      const what = this.purpose === Purpose.Record ? `record ${this.records + 1}` : 'a value';
      const limit = this.maxValueBytes >= MIB ? `${this.maxValueBytes / MIB} MiB` : `${this.maxValueBytes} bytes`;
      this.breakWith(`${what} (line ${this.valueAt.line}, byte ${this.valueAt.byte}) is larger than ${limit}; the document is probably broken`, this.valueAt);
    }
  }

  private valueText(chunk: Buffer, end: number): string {
    if (this.pieces.length === 0) return chunk.toString('utf8', this.start, end);
    return Buffer.concat([...this.pieces, chunk.subarray(this.start, end)]).toString('utf8');
  }

  private finishValue(chunk: Buffer, end: number): number {
    const text = this.capture ? this.valueText(chunk, end) : '';
    this.pieces = [];
    if (this.purpose === Purpose.Record) {
      this.records += 1;
      this.events.push({ type: 'record', index: this.records, text, at: this.valueAt });
      this.state = State.ListNext;
    } else if (this.purpose === Purpose.Key) {
      const key = parseKey(text);
      if (key === undefined) this.breakWith(`invalid key ${text.slice(0, 60)}`, this.valueAt);
      else {
        this.key = key;
        this.state = State.ObjectColon;
      }
    } else if (this.scalar && !SCALAR.test(text)) {
      this.breakWith(`invalid value for key "${this.key}": ${text.slice(0, 60)}`, this.valueAt);
    } else this.state = State.ObjectNext;
    return end;
  }

  private fail(chunk: Buffer, i: number, expected: string): void {
    this.breakAt(i, `unexpected ${showByte(chunk[i])}, expected ${expected}`);
  }

  private breakAt(i: number, what: string): void {
    this.breakWith(what, { line: this.line, byte: this.base + i });
  }

  private breakWith(what: string, at: FilePosition): void {
    this.state = State.Broken;
    this.events.push({ type: 'break', records: this.records, reason: `${what} at line ${at.line} (byte ${at.byte})`, at });
  }

  private breakAtEnd(): void {
    const at = { line: this.line, byte: this.base };
    let where: string;
    if (this.state === State.InValue && this.purpose === Purpose.Record) {
      where = `inside record ${this.records + 1}, which starts at line ${this.valueAt.line} (byte ${this.valueAt.byte})`;
    } else if (!this.chosen) where = 'before any list of records';
    else if (this.state === State.ListFirst || this.state === State.ListItem || this.state === State.ListNext) {
      where = this.records === 0 ? 'before the first record' : `after record ${this.records}`;
    } else where = `after the last record (${this.records}) but before the end of the document`;
    this.state = State.Broken;
    this.events.push({ type: 'break', records: this.records, reason: `the document is cut off at line ${at.line} (byte ${at.byte}): the file ends ${where}`, at });
  }
}

function parseKey(text: string): string | undefined {
  try {
    const key: unknown = JSON.parse(text);
    return typeof key === 'string' ? key : undefined;
  } catch {
    return undefined;
  }
}
