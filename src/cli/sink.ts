import { open } from 'node:fs/promises';
import { UsageError } from '../errors.js';

/** Where a report goes as it is written, in pieces of about this size. */
export interface Sink {
  write(text: string): Promise<void>;
  /** Writes what is buffered; the sink takes no more. */
  close(): Promise<void>;
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
  return buffered(
    (text) =>
      new Promise<void>((resolve) => {
        if (gone) return resolve();
        if (stream.write(text)) return resolve();
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

/** The file of --output, created (or emptied) when the report starts. */
export async function fileSink(path: string, name: string): Promise<Sink> {
  const fail = (e: unknown) => new UsageError(`--output ${name}: cannot write (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  let handle;
  try {
    handle = await open(path, 'w');
  } catch (e) {
    throw fail(e);
  }
  const file = handle;
  return buffered(
    async (text) => {
      try {
        await file.write(text);
      } catch (e) {
        throw fail(e);
      }
    },
    async () => {
      await file.close();
    },
  );
}
