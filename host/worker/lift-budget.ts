/**
 * The budget for the byte lists the glue lifts out of the guest
 * (toolchain/transpile.ts boundByteLifts): each is copied into an
 * ArrayBuffer, outside the guest's memory cap and the worker's heap cap.
 * Within one crossing (a call's result, an import call's arguments) the
 * copies may total the guest's memory cap: more than its memory holds means
 * the same bytes lifted again and again. Past it the lift traps.
 */
import { LIFT_BUDGET_KEY } from '../glue-hooks.js';

class LiftBudget {
  private lifted = 0;
  max = Infinity;

  slice(buffer: ArrayBuffer, ptr: number, len: number): ArrayBuffer {
    this.lifted += len;
    if (this.lifted > this.max) {
      throw new Error(`the component handed the host more than ${this.max} bytes of byte lists at once, more than its memory cap holds (the same bytes again and again)`);
    }
    return buffer.slice(ptr, ptr + len);
  }

  /** A new crossing: a call starts, or the guest calls an import. */
  enter(): void {
    this.lifted = 0;
  }
}

export const liftBudget = new LiftBudget();
(globalThis as Record<symbol, unknown>)[Symbol.for(LIFT_BUDGET_KEY)] = liftBudget;
