import { InvalidArgumentError } from 'commander';

// Parsers for numeric options: a bad value is commander's usage error (exit 2, one line naming the
// option), never a NaN that fails later.

/** A whole number from `min` to `max`. */
export function wholeNumber(min: number, max = Number.MAX_SAFE_INTEGER): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!/^\s*\d+\s*$/.test(value) || n < min || n > max) {
      throw new InvalidArgumentError(
        min === 1 && max === Number.MAX_SAFE_INTEGER
          ? 'expected a positive whole number.'
          : min === 0 && max === Number.MAX_SAFE_INTEGER
            ? 'expected a whole number.'
            : `expected a whole number from ${min} to ${max}.`,
      );
    }
    return n;
  };
}

/** A size in characters: "65536", "64K" or "4M" (binary units), from 1 to `max`. */
export function size(max: number): (value: string) => number {
  return (value) => {
    const m = /^\s*(\d+)\s*([kKmM]i?[bB]?)?\s*$/.exec(value);
    const n = m ? Number(m[1]) * (m[2] ? (/^[kK]/.test(m[2]) ? 1024 : 1024 * 1024) : 1) : NaN;
    if (!Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError('expected a size such as 65536, 64K or 4M.');
    if (n > max) throw new InvalidArgumentError(`at most ${max} characters.`);
    return n;
  };
}

/** SOURCE_DATE_EPOCH (whole seconds) fixes "now" for reproducible reports and list installs; anything else is ignored. */
export function sourceDateEpoch(env: Record<string, string | undefined>): Date | undefined {
  const epoch = env.SOURCE_DATE_EPOCH;
  return epoch && /^\d+$/.test(epoch) ? new Date(Number(epoch) * 1000) : undefined;
}
