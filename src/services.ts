import type { MikroORM } from '@mikro-orm/core';
import type { Knex, SqlEntityManager } from '@mikro-orm/knex';
import type { Clock } from './clock';
import type { Config } from './config';
import type { KeyRing } from './crypto/keys';
import type { TokenIssuer } from './auth/tokens';
import type { AccessLogWriter } from './audit/writer';
import type { Notifier } from './modules/notification/notifier';
import type { Budget, Throttle } from './throttle';
import type { LoginGuard } from './auth/login-guard';

/** Long-lived collaborators shared by every request. */
export interface Services {
  readonly config: Config;
  readonly orm: MikroORM;
  readonly knex: Knex;
  readonly keys: KeyRing;
  readonly tokens: TokenIssuer;
  readonly clock: Clock;
  readonly accessLog: AccessLogWriter;
  readonly notifier: Notifier;
  /** HMAC key for verification codes, derived from the master key. */
  readonly codeKey: Buffer;
  readonly throttles: {
    /** Codes sent per contact. */
    readonly codeSend: Throttle;
    /** Failed code entries per contact. */
    readonly codeVerify: Throttle;
    readonly login: LoginGuard;
    /** Query cost per principal (or address) per minute; null when switched off. */
    readonly cost: Budget | null;
  };
}

export const forkEm = (services: Services): SqlEntityManager => services.orm.em.fork() as SqlEntityManager;
