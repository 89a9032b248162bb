// A binary file named *.csv (a zip, a spreadsheet saved as .xlsx, a corrupt download) would otherwise reach the
// header checks and be told to rename itself ("name the file Contact.csv"); renaming will not help.
import { Transform } from 'node:stream';
import { FileError } from '../shared/result';

/** The first line is looked at, up to this many bytes: a CSV header is text, whatever the rows hold. */
const HEAD_BYTES = 4096;

/** C0 control bytes other than tab, line ends, vertical tab and form feed, and DEL: never in a header. */
function isControl(b: number): boolean {
  return (b <= 0x08 || (b >= 0x0e && b <= 0x1f) || b === 0x7f);
}

/** Where the head shows binary data, or 'text', or undefined while the first line is not complete. */
function inspect(head: Buffer): number | 'text' | undefined {
  // UTF-16 (Excel's "Unicode text") is text with NUL bytes; csv-parse decodes it by its byte-order mark
  if (head.length >= 2 && ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff))) return 'text';
  const end = Math.min(head.length, HEAD_BYTES);
  for (let i = 0; i < end; i += 1) {
    if (head[i] === 0x0a) return 'text';
    if (isControl(head[i]!)) return i;
  }
  return head.length >= HEAD_BYTES ? 'text' : undefined;
}

/** Passes the stream through; fails it with a FileError when the first line holds binary data. */
export function binaryCheck(): Transform {
  let head: Buffer | undefined = Buffer.alloc(0);
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      if (head) {
        head = Buffer.concat([head, chunk]);
        const verdict = inspect(head);
        if (typeof verdict === 'number') {
          const byte = `0x${head[verdict]!.toString(16).padStart(2, '0')}`;
          done(new FileError(`not a text CSV file: its first line holds binary data (byte ${byte} at offset ${verdict}); export the Salesforce object as CSV`));
          return;
        }
        if (verdict === 'text') head = undefined;
      }
      done(null, chunk);
    },
  });
}
