import type { HeaderMap } from '@apollo/server';
import { GraphQLError } from 'graphql';

/** Every code a client can see in `extensions.code`. Stable: clients branch on these. */
export const ERROR_CODES = [
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'NOT_FOUND',
  'CONFLICT',
  'PURPOSE_REQUIRED',
  'FORBIDDEN_PURPOSE',
  'PURPOSE_DENIED',
  'CONSENT_MISSING',
  'UNDER_CORRECTION',
  'GUARDIAN_CONSENT_REQUIRED',
  'AUDIT_UNAVAILABLE',
  'RATE_LIMITED',
  'LIMIT_EXCEEDED',
  'TIMEOUT',
  'TEMPORARILY_UNAVAILABLE',
  'INTERNAL_SERVER_ERROR',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

const httpStatus: Partial<Record<ErrorCode, number>> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN_PURPOSE: 403,
};

/**
 * The extensions an error may carry besides its code. `field` is the one way to name the input at fault: the
 * argument or input field (`filter.memberId`, `email`) a client should correct; `header` names a request header.
 */
export interface GatewayErrorExtensions {
  field?: string;
  /** The operations a gate refused, and the policy version that gates them (re-consent). */
  fields?: readonly string[];
  policyVersion?: number;
  header?: string;
  retryAfter?: number;
  http?: { status: number; headers?: HeaderMap };
}

export function gatewayError(code: ErrorCode, message: string, extensions: GatewayErrorExtensions = {}): GraphQLError {
  const status = httpStatus[code];
  return new GraphQLError(message, {
    extensions: { code, ...extensions, ...(status ? { http: { status } } : {}) },
  });
}

/** BAD_USER_INPUT naming the argument or input field at fault. */
export const badInput = (field: string, message: string): GraphQLError =>
  gatewayError('BAD_USER_INPUT', message, { field });

export const isErrorCode = (value: unknown): value is ErrorCode => typeof value === 'string' && errorCodes.has(value);

const errorCodes: ReadonlySet<string> = new Set(ERROR_CODES);
