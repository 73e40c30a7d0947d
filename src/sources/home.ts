import { chmodSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * vet's per-user data directory: `$VET_HOME`, else the platform's place for application data
 * ($XDG_DATA_HOME/vet or ~/.local/share/vet; ~/Library/Application Support/vet; %LOCALAPPDATA%\vet).
 */
export function vetHome(env: NodeJS.ProcessEnv): string {
  if (env.VET_HOME !== undefined && env.VET_HOME !== '') return env.VET_HOME;
  if (process.platform === 'win32') return join(env.LOCALAPPDATA ?? join(homedir(), 'AppData', 'Local'), 'vet');
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'vet');
  return join(env.XDG_DATA_HOME !== undefined && env.XDG_DATA_HOME !== '' ? env.XDG_DATA_HOME : join(homedir(), '.local', 'share'), 'vet');
}

/** Creates a directory under vet's home readable by its owner only (it may hold applicant-derived data). */
export function ensurePrivateDir(path: string): void {
  mkdirSync(path, { recursive: true, mode: 0o700 });
  try {
    chmodSync(path, 0o700);
  } catch {
    // Not ours to change (a shared mount): the files inside still get 0600.
  }
}
