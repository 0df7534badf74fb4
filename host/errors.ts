/**
 * Errors the user can act on. The CLI prints `message` (and `hint`) on one
 * line and exits non-zero; anything else is a bug and shows a stack with
 * `--verbose`.
 *
 * Recognized by a global brand, not by class identity: `mcp-host run` is
 * loaded as a bundle (scripts/bundle-host.mjs) with its own copy of this
 * class, and the CLI's report must still know its errors.
 */
const BRAND = Symbol.for('mcp-host.user-error');

export class UserError extends Error {
  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && (value as { [BRAND]?: unknown })[BRAND] === true;
  }

  override readonly name = 'UserError';
  readonly [BRAND] = true;
  /** @param hint how to fix it, appended after the message */
  constructor(message: string, readonly hint?: string) {
    super(hint ? `${message}. ${hint}` : message);
  }
}
