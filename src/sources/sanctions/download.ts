import { SourceError } from '../../errors.js';
import { requiredFiles } from './files.js';
import type { ListFile } from './store.js';

/** The largest list file accepted: OFAC's largest (SDN_COMMENTS.CSV) is under 10 MB. */
export const MAX_LIST_FILE_BYTES = 64 * 1024 * 1024;
const MAX_REDIRECTS = 5;
const UNCHANGED = 'the installed list is unchanged';

/** True for a host that never leaves this machine: localhost, 127.0.0.0/8 and ::1. */
export function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

/** Refuses anything but HTTPS, except to this machine (a test server or a local mirror). */
function checkScheme(url: URL): void {
  if (url.protocol === 'https:') return;
  if (url.protocol === 'http:' && isLoopback(url.hostname)) return;
  if (url.protocol === 'http:')
    throw new SourceError(
      `${url.origin} is plain HTTP; a list is downloaded over HTTPS only (plain HTTP is allowed to this machine's loopback address); ${UNCHANGED}`,
    );
  throw new SourceError(`"${url.href}" is not an HTTPS URL; ${UNCHANGED}`);
}

/** Fetches `url`, following up to five redirects, each of which must itself be HTTPS (or loopback). */
async function fetchChecked(url: URL, signal: AbortSignal): Promise<{ response: Response; url: URL }> {
  let at = url;
  for (let hop = 0; ; hop++) {
    checkScheme(at);
    let response: Response;
    try {
      response = await fetch(at, { signal, redirect: 'manual' });
    } catch (e) {
      const cause = (e as { cause?: { code?: string; message?: string } }).cause;
      throw new SourceError(`could not download ${at.href}: ${cause?.code ?? cause?.message ?? (e as Error).message}; ${UNCHANGED}`);
    }
    const location = response.headers.get('location');
    if (response.status < 300 || response.status > 399 || location === null) return { response, url: at };
    await response.body?.cancel();
    if (hop === MAX_REDIRECTS) throw new SourceError(`${url.href} redirected more than ${MAX_REDIRECTS} times; ${UNCHANGED}`);
    at = new URL(location, at);
  }
}

/** Reads a body, refusing it as soon as it passes `max` bytes (a missing or false Content-Length cannot make vet read more). */
async function readCapped(response: Response, href: string, max: number): Promise<Buffer> {
  const declared = Number(response.headers.get('content-length') ?? NaN);
  const tooLarge = (n: number | string) => new SourceError(`${href} is ${n} bytes, more than a list file can be (${max}); ${UNCHANGED}`);
  if (declared > max) throw tooLarge(declared);
  const parts: Buffer[] = [];
  let size = 0;
  try {
    if (response.body) {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        size += chunk.length;
        if (size > max) {
          await response.body.cancel().catch(() => undefined);
          throw tooLarge(`over ${max}`);
        }
        parts.push(Buffer.from(chunk));
      }
    }
  } catch (e) {
    if (e instanceof SourceError) throw e;
    throw new SourceError(`the download of ${href} broke off (${(e as Error).message}); ${UNCHANGED}`);
  }
  const data = Buffer.concat(parts, size);
  if (Number.isFinite(declared) && data.length !== declared) {
    throw new SourceError(`${href} arrived incomplete (${data.length} of ${declared} bytes); ${UNCHANGED}`);
  }
  return data;
}

/**
 * Downloads the list files from `base` (OFAC's service, or a mirror given by --url or
 * VET_LIST_URL). Any failure, for any file, throws before anything is installed: a scheme other
 * than HTTPS, an error status, an empty or HTML body, a body over `maxBytes`, a short read.
 */
export async function downloadList(base: string, includeConsolidated: boolean, options: { timeoutMs?: number; maxBytes?: number } = {}): Promise<ListFile[]> {
  let url: URL;
  try {
    url = new URL(base.endsWith('/') ? base : `${base}/`);
  } catch {
    throw new SourceError(`"${base}" is not a URL`);
  }
  checkScheme(url);
  const max = options.maxBytes ?? MAX_LIST_FILE_BYTES;
  const { required, optional } = requiredFiles(includeConsolidated);
  const files: ListFile[] = [];
  for (const name of [...required, ...optional]) {
    const { response, url: fileUrl } = await fetchChecked(new URL(name, url), AbortSignal.timeout(options.timeoutMs ?? 120_000));
    if (response.status === 404 && optional.includes(name)) continue;
    if (!response.ok) throw new SourceError(`could not download ${fileUrl.href}: HTTP ${response.status}; ${UNCHANGED}`);
    const data = await readCapped(response, fileUrl.href, max);
    if (data.length === 0 && !optional.includes(name)) throw new SourceError(`${fileUrl.href} is empty; ${UNCHANGED}`);
    const type = response.headers.get('content-type') ?? '';
    if (/html/i.test(type) || /^\s*<(!doctype|html|\?xml)/i.test(data.subarray(0, 64).toString('latin1'))) {
      throw new SourceError(`${fileUrl.href} is a web page, not an OFAC list file; ${UNCHANGED}`);
    }
    const modified = response.headers.get('last-modified');
    const file: ListFile = { name, data };
    const date = modified ? new Date(modified) : undefined;
    if (date && !Number.isNaN(date.getTime())) file.date = date;
    files.push(file);
  }
  return files;
}
