import type { ApolloServerPlugin, GraphQLRequestContextWillSendResponse } from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';
import { pathToArray, type Path } from 'graphql/jsutils/Path';
import type { GatewayContext } from '../context';
import type { AccessRecord } from './chain';
import { accessRecord, readAction } from './record';
import type { AccessLogWriter } from './writer';
import { errorSummary, log } from '../log';
import { isBusy } from '../db/refusals';

const AUDIT_UNAVAILABLE = {
  message: 'The access log could not be written, so personal data is withheld. Try again later.',
  extensions: { code: 'AUDIT_UNAVAILABLE' },
};

const records = (ctx: GatewayContext, operationName: string | null): AccessRecord[] =>
  ctx.access
    .entries()
    .map((e) => accessRecord(ctx, { ...e, action: e.action ?? readAction(ctx.principal.kind) }, operationName));

/** Replaces every personal value in the response by null with AUDIT_UNAVAILABLE: nothing leaves unlogged. */
function withhold(rc: GraphQLRequestContextWillSendResponse<GatewayContext>, paths: readonly Path[]): void {
  if (rc.response.body.kind !== 'single') return;
  const result = rc.response.body.singleResult;
  const errors: GraphQLFormattedError[] = [...(result.errors ?? [])];
  for (const path of paths) {
    const at = pathToArray(path);
    let node = result.data as Record<string | number, unknown> | null | undefined;
    for (const key of at.slice(0, -1)) node = node?.[key] as typeof node;
    if (node && typeof node === 'object') node[at.at(-1)!] = null;
    errors.push({ ...AUDIT_UNAVAILABLE, path: at });
  }
  result.errors = errors;
}

/**
 * Another record a response that logged access must leave (the provision ledger), written with the response's data
 * once its access-log rows are; if it fails, the response is withheld as when the log cannot be written.
 */
export type ResponseRecorder = (ctx: GatewayContext, data: unknown) => Promise<void>;

/**
 * Writes one batched, hash-chained access-log insert per operation, before the response is sent, then each of
 * `recorders`. If any write fails, the personal values are withheld from the response (fail closed).
 */
export function accessLogPlugin(
  writer: AccessLogWriter,
  recorders: readonly ResponseRecorder[] = [],
): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse(rc) {
          const ctx = rc.contextValue;
          if (ctx.access.empty) return;
          try {
            await writer.append(records(ctx, rc.operationName ?? null));
            if (rc.response.body.kind === 'single') {
              for (const record of recorders) await record(ctx, rc.response.body.singleResult.data);
            }
          } catch (err) {
            // Busy is a lock held past the busy timeout: the answer is withheld as designed, but callers saw it.
            log[isBusy(err) ? 'warn' : 'error'](
              { requestId: ctx.requestId, error: errorSummary(err) },
              'access log write failed',
            );
            withhold(rc, ctx.access.paths);
          }
        },
      };
    },
  };
}
