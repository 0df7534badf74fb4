/**
 * Errors the user can act on. The CLI prints `message` (and `hint`) on one
 * line and exits non-zero; anything else is a bug and shows a stack with
 * `--verbose`.
 */
export class UserError extends Error {
  override readonly name = 'UserError';
  /** @param hint how to fix it, appended after the message */
  constructor(message: string, readonly hint?: string) {
    super(hint ? `${message}. ${hint}` : message);
  }
}
