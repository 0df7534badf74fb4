/**
 * Names shared by the glue the toolchain rewrites (toolchain/transpile.ts)
 * and the instance worker that provides what the rewritten glue calls.
 */

/** globalThis[Symbol.for(this)]: the byte-lift budget (worker/lift-budget.ts); absent elsewhere (the edge). */
export const LIFT_BUDGET_KEY = 'mcp-host.lift-budget';
