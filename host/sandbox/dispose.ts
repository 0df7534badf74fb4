/** The key jco calls when the guest drops a resource handle (`Symbol.dispose`, or its registered stand-in on Node 20). */
export const disposeSymbol: symbol = (Symbol as { dispose?: symbol }).dispose ?? Symbol.for('dispose');
