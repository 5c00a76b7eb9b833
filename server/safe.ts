// The one wrapper every request handler goes through: params are shape-checked (InvalidParams otherwise), failures
// are logged and answered with the handler's empty result, and a cancelled request is answered as cancelled.

import { CancellationToken, ErrorCodes, LSPErrorCodes, ResponseError } from 'vscode-languageserver/node';
import { describe, preview } from './documents';

export type Handler<P, R> = (params: P, token: CancellationToken) => R | Promise<R>;

export interface Guarded {
  /** Logs a handler failure (to the client's console). */
  readonly log: (message: string) => void;
}

/** Thrown (and answered as RequestCancelled) when a handler notices its request was cancelled. */
export function cancelled(): ResponseError<void> {
  return new ResponseError(LSPErrorCodes.RequestCancelled, 'The request was cancelled.');
}

/** Throws the RequestCancelled answer when the token is cancelled; long handlers call it between steps. */
export function throwIfCancelled(token: CancellationToken | undefined): void {
  if (token?.isCancellationRequested) throw cancelled();
}

/** A refusal the user should read (rename refused, nothing to rename): RequestFailed with the message. */
export function refused(message: string): ResponseError<void> {
  return new ResponseError(LSPErrorCodes.RequestFailed, message);
}

/**
 * Wraps a handler: `check` validates the params (InvalidParams naming `expected` when it fails); a ResponseError from
 * the handler is the answer; any other failure is logged and answered with `empty`; a request cancelled by the time
 * the handler finishes is answered RequestCancelled.
 */
export function guard<P, R>(
  ctx: Guarded,
  method: string,
  check: (p: unknown) => p is P,
  expected: string,
  empty: R,
  handler: Handler<P, R>,
): (params: unknown, token?: CancellationToken) => Promise<R> {
  return async (params, token = CancellationToken.None) => {
    if (!check(params)) throw new ResponseError(ErrorCodes.InvalidParams, `${method}: expected ${expected}, got ${preview(params)}`);
    throwIfCancelled(token);
    let result: R;
    try {
      result = await handler(params, token);
    } catch (e) {
      if (e instanceof ResponseError) throw e;
      ctx.log(`${method} failed: ${describe(e)}`);
      return empty;
    }
    throwIfCancelled(token);
    return result;
  };
}
