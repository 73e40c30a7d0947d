/**
 * Expected failures. Each prints as one line and makes the CLI exit 2; anything that is not a
 * VetError is a bug and is reported as "Unexpected error".
 */
export class VetError extends Error {
  readonly exitCode = 2;
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

export class UsageError extends VetError {}

export class ConfigError extends VetError {
  constructor(
    message: string,
    readonly file?: string,
  ) {
    super(file ? `${file}: ${message}` : message);
  }
}

export class SourceError extends VetError {}

export interface InputLocation {
  file: string;
  line?: number;
  column?: number;
  /** JSON pointer or CSV column the problem is in. */
  field?: string;
}

/**
 * A problem with the applicant data: always names the file, and the line, column and field where
 * known. The message never repeats the offending value, which may be personal data.
 */
export class InputError extends VetError {
  readonly location: InputLocation;
  readonly detail: string;

  constructor(location: InputLocation, detail: string) {
    super(formatLocation(location) + ': ' + (location.field ? `${fieldLabel(location.field)}: ` : '') + detail);
    this.location = location;
    this.detail = detail;
  }
}

export function formatLocation({ file, line, column }: InputLocation): string {
  let out = file;
  if (line !== undefined) out += `:${line}`;
  if (line !== undefined && column !== undefined) out += `:${column}`;
  return out;
}

/** "field /phone" for a JSON pointer; a CSV column label ('column "Mobile"') as it is. */
export function fieldLabel(field: string): string {
  return field.startsWith('/') ? `field ${field}` : field;
}
