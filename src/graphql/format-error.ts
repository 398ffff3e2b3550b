import type { GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { isErrorCode } from '../errors';
import { errorSummary, log } from '../log';
import { isBusy } from '../db/refusals';
import { LIMIT_MESSAGE, isTokenLimitError } from '../limits/rules';

/** Apollo's own codes that are safe to pass on; they describe the request, not the server. */
const requestCodes = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'BAD_REQUEST',
]);

/**
 * What a client sees of an error: message, path, locations and a stable code; never a stack, SQL, file path or a
 * "Did you mean" hint that would map the schema for someone who may not read it.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  // graphql-armor's refusals come as parse or validation errors carrying our limit message.
  if (formatted.message.includes(LIMIT_MESSAGE) || isTokenLimitError(formatted.message))
    return { message: LIMIT_MESSAGE, extensions: { code: 'LIMIT_EXCEEDED' } };
  const code = formatted.extensions?.code;
  if (code === 'INTERNAL_SERVER_ERROR' && REQUEST_FAULTS.test(formatted.message)) {
    return { message: 'The request is not one this gateway serves.', extensions: { code: 'BAD_REQUEST' } };
  }
  if (code === 'INTERNAL_SERVER_ERROR' && isBusy(unwrapResolverError(error))) {
    return {
      message: 'The data store is busy; try again shortly.',
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: { code: 'TEMPORARILY_UNAVAILABLE' },
    };
  }
  const known =
    typeof code === 'string' && code !== 'INTERNAL_SERVER_ERROR' && (isErrorCode(code) || requestCodes.has(code));
  if (!known) logInternal(formatted, error);
  const message = known ? stripSuggestions(formatted.message) : 'Internal error.';
  const { stacktrace: _s, exception: _e, ...extensions } = (formatted.extensions ?? {}) as Record<string, unknown>;
  return {
    message,
    ...(formatted.locations ? { locations: formatted.locations } : {}),
    ...(formatted.path ? { path: formatted.path } : {}),
    extensions: known ? extensions : { code: 'INTERNAL_SERVER_ERROR' },
  };
}

const stripSuggestions = (message: string): string => message.replace(/ ?Did you mean .*$/s, '');

/** The operator's side of an internal error, for the server log only. */
const logInternal = (formatted: GraphQLFormattedError, error: unknown): void =>
  log.error({ path: formatted.path, error: errorSummary(unwrapResolverError(error)) }, 'internal error');

/** Errors graphql-js and Apollo raise without a code that describe the request, not the server. */
const REQUEST_FAULTS =
  /Schema is not configured to execute|provided sha does not match query|Unsupported persisted query version/;
