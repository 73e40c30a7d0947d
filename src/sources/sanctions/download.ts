import { SourceError } from '../../errors.js';
import { requiredFiles } from './files.js';
import type { ListFile } from './store.js';

const MAX_BYTES = 200 * 1024 * 1024;

/**
 * Downloads the list files from `base` (OFAC's service, or a mirror given by --url or
 * VET_LIST_URL). Any failure, for any file, throws before anything is installed.
 */
export async function downloadList(base: string, includeConsolidated: boolean, timeoutMs = 120_000): Promise<ListFile[]> {
  let url: URL;
  try {
    url = new URL(base.endsWith('/') ? base : `${base}/`);
  } catch {
    throw new SourceError(`"${base}" is not a URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new SourceError(`"${base}" is not an http(s) URL`);
  const { required, optional } = requiredFiles(includeConsolidated);
  const files: ListFile[] = [];
  for (const name of [...required, ...optional]) {
    const fileUrl = new URL(name, url);
    let response: Response;
    try {
      response = await fetch(fileUrl, { signal: AbortSignal.timeout(timeoutMs), redirect: 'follow' });
    } catch (e) {
      const cause = (e as { cause?: { code?: string; message?: string } }).cause;
      throw new SourceError(`could not download ${fileUrl.href}: ${cause?.code ?? cause?.message ?? (e as Error).message}; the installed list is unchanged`);
    }
    if (response.status === 404 && optional.includes(name)) continue;
    if (!response.ok) throw new SourceError(`could not download ${fileUrl.href}: HTTP ${response.status}; the installed list is unchanged`);
    const declared = Number(response.headers.get('content-length') ?? NaN);
    if (declared > MAX_BYTES) throw new SourceError(`${fileUrl.href} is ${declared} bytes, more than a list file can be; the installed list is unchanged`);
    let data: Buffer;
    try {
      data = Buffer.from(await response.arrayBuffer());
    } catch (e) {
      throw new SourceError(`the download of ${fileUrl.href} broke off (${(e as Error).message}); the installed list is unchanged`);
    }
    if (Number.isFinite(declared) && data.length !== declared) {
      throw new SourceError(`${fileUrl.href} arrived incomplete (${data.length} of ${declared} bytes); the installed list is unchanged`);
    }
    const modified = response.headers.get('last-modified');
    const file: ListFile = { name, data };
    const date = modified ? new Date(modified) : undefined;
    if (date && !Number.isNaN(date.getTime())) file.date = date;
    files.push(file);
  }
  return files;
}
