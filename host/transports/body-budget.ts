/**
 * How many request body bytes the HTTP endpoint reads at once, over all
 * connections: a body is parsed whole (up to --max-message-bytes), and many
 * clients sending large bodies slowly would otherwise make the host hold all
 * of them at once. Each POST reserves its declared length (the cap, when it
 * declares none) until its body is parsed or its response ends; past the
 * budget it is refused with 503 before any of it is read. One body is always
 * let in when none is being read, however large (up to the message cap).
 */
import type { NextFunction, Request, Response } from 'express';

export interface BodyBudget {
  /** Before the body parser: reserve the body's bytes, or refuse. */
  reserve(req: Request, res: Response, next: NextFunction): void;
  /** After the body parser: give them back. */
  release(req: Request, res: Response, next: NextFunction): void;
}

export function bodyBudget(totalBytes: number, maxMessageBytes: number, refuse: (res: Response) => void): BodyBudget {
  let reading = 0;
  const releases = new WeakMap<Response, () => void>();
  return {
    reserve(req, res, next) {
      if (req.method !== 'POST') return next();
      const declared = Number(req.header('content-length'));
      const bytes = Number.isSafeInteger(declared) && declared >= 0 ? Math.min(declared, maxMessageBytes) : maxMessageBytes;
      if (reading > 0 && reading + bytes > totalBytes) return refuse(res);
      reading += bytes;
      let held = true;
      const release = (): void => {
        if (held) reading -= bytes;
        held = false;
      };
      releases.set(res, release);
      res.once('close', release);
      next();
    },
    release(_req, res, next) {
      releases.get(res)?.();
      next();
    },
  };
}
