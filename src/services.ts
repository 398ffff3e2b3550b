import type { MikroORM } from '@mikro-orm/core';
import type { Knex, SqlEntityManager } from '@mikro-orm/knex';
import type { Clock } from './clock';
import type { Config } from './config';
import type { KeyRing } from './crypto/keys';
import type { TokenIssuer } from './auth/tokens';
import type { AccessLogWriter } from './audit/writer';
import type { Notifier } from './modules/notification';
import type { Throttles } from './limits/throttles';

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
  readonly throttles: Throttles;
}

export const forkEm = (services: Services): SqlEntityManager => services.orm.em.fork() as SqlEntityManager;
