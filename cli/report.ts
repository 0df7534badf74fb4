/**
 * The one place the CLI turns failures into output: a UserError prints its
 * message (one line or a few, no stack); anything else is a bug and prints
 * a stack with --verbose. Sets the exit code; never calls process.exit, so
 * pending writes finish.
 */
import { formatDiagnostic, safeLine } from '../host/diagnostics.js';
import { UserError } from '../host/errors.js';

export function reportFailure(err: unknown, verbose: boolean): void {
  process.exitCode = 1;
  if (err instanceof UserError) {
    // Its lines are the host's; a reason inside one may be the guest's (escaped but the newlines).
    process.stderr.write(`mcp-host: ${err.message.split('\n').map(safeLine).join('\n')}\n`);
    if (verbose && err.stack) process.stderr.write(`${err.stack}\n`);
    return;
  }
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(formatDiagnostic(`internal error: ${message}`));
  if (verbose && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
  else process.stderr.write('mcp-host: run again with --verbose for the stack trace\n');
}

// Diagnostics are best effort: a client that closed the host's stderr (EPIPE)
// must not end the host, and a failure to write them has nowhere to be told.
process.stderr.on('error', () => {});

/** Host diagnostics: stderr, prefixed, never stdout (the protocol stream). */
export function logLine(line: string): void {
  process.stderr.write(formatDiagnostic(line)); // escaped: a line may hold guest text
}

/** A file size for people: 3.4 KB, 14.6 MB. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
