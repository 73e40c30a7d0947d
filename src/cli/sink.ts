import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { UsageError } from '../errors.js';

/** Where a report goes as it is written, in pieces of about this size. */
export interface Sink {
  write(text: string): Promise<void>;
  /** Writes what is buffered; the sink takes no more. */
  close(): Promise<void>;
  /** For a file: gives up, leaving no file behind (nor the one that was there unchanged). */
  discard?(): Promise<void>;
}

const PIECE = 256 * 1024;

/** Gathers small writes into pieces of PIECE characters for `put`. */
function buffered(put: (text: string) => Promise<void>, done: () => Promise<void> = () => Promise.resolve()): Sink {
  let parts: string[] = [];
  let size = 0;
  const flush = async () => {
    if (parts.length === 0) return;
    const text = parts.join('');
    parts = [];
    size = 0;
    await put(text);
  };
  return {
    async write(text) {
      parts.push(text);
      size += text.length;
      if (size >= PIECE) await flush();
    },
    async close() {
      try {
        await flush();
      } finally {
        await done();
      }
    },
  };
}

/**
 * Gathers small writes, encoded as UTF-8 as they come, into blocks of about PIECE bytes for `put`.
 * A report's pieces then die young, where held as strings until a piece was full each one outlived
 * a collection and was copied. A block given to `put` is not written to again.
 */
function encoded(put: (bytes: Buffer) => Promise<void>, done: () => Promise<void> = () => Promise.resolve()): Sink {
  let block = Buffer.allocUnsafe(PIECE);
  let used = 0;
  const flush = async () => {
    if (used === 0) return;
    const full = block.subarray(0, used);
    block = Buffer.allocUnsafe(PIECE);
    used = 0;
    await put(full);
  };
  return {
    async write(text) {
      // UTF-8 takes at most three bytes per UTF-16 unit.
      if (used + 3 * text.length > block.length) {
        await flush();
        if (3 * text.length > block.length) return put(Buffer.from(text, 'utf8'));
      }
      used += block.write(text, used, 'utf8');
    },
    async close() {
      try {
        await flush();
      } finally {
        await done();
      }
    },
  };
}

/** For tests and library callers: the report as one string. */
export function stringSink(append: (text: string) => void): Sink {
  return buffered((text) => Promise.resolve(append(text)));
}

/**
 * Standard output, waiting when the reader is slower than vet. A reader that goes away early
 * ("vet big.csv | head") is not an error: the rest of the report is dropped.
 */
export function streamSink(stream: NodeJS.WritableStream): Sink {
  let gone = false;
  const onError = (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') gone = true;
  };
  stream.on('error', onError);
  return encoded(
    (bytes) =>
      new Promise<void>((resolve) => {
        if (gone) return resolve();
        if (stream.write(bytes)) return resolve();
        const go = () => {
          stream.off('drain', go);
          stream.off('close', go);
          resolve();
        };
        stream.on('drain', go);
        stream.on('close', go);
      }),
    () => Promise.resolve(void stream.off('error', onError)),
  );
}

/**
 * A file of --output, written under a temporary name beside it and renamed over it once complete:
 * a reader (a CI step, a browser) never sees half a report, and a run that fails leaves the
 * previous report as it was. The temporary file is made when the run starts, so a folder that
 * cannot be written is said before the applicants are vetted.
 */
export async function fileSink(path: string, name: string): Promise<Sink> {
  const fail = (e: unknown) => new UsageError(`--output ${name}: cannot write (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  let handle;
  try {
    handle = await open(temporary, 'wx');
  } catch (e) {
    throw fail(e);
  }
  const file = handle;
  let closed = false;
  let broken = false;
  const sink = encoded(
    async (bytes) => {
      try {
        // A write may take fewer bytes than it is given: the rest follows.
        for (let at = 0; at < bytes.length;) at += (await file.write(bytes, at, bytes.length - at)).bytesWritten;
      } catch (e) {
        broken = true;
        throw fail(e);
      }
    },
    async () => {
      closed = true;
      await file.close();
      if (broken) return void (await rm(temporary, { force: true }));
      try {
        await rename(temporary, path);
      } catch (e) {
        await rm(temporary, { force: true });
        throw fail(e);
      }
    },
  );
  return {
    write: (text) => sink.write(text),
    close: () => sink.close(),
    async discard() {
      if (!closed) await file.close().catch(() => undefined);
      closed = true;
      await rm(temporary, { force: true });
    },
  };
}
