import type { GraphQLSchema } from 'graphql';
import { buildSchemaSync } from 'type-graphql';
import { applyMiddleware } from 'graphql-middleware';
import { AuthResolver } from '../modules/auth/auth.resolver';
import { MemberResolver } from '../modules/member/member.resolver';
import { PublicResolver } from '../modules/public/public.resolver';
import { StatisticsResolver } from '../modules/statistics/statistics.resolver';
import { ExplainResolver } from '../modules/explain/explain.resolver';
import { AccessLogResolver } from '../modules/access-log/access-log.resolver';
import { SignUpResolver } from '../modules/signup/signup.resolver';
import { GuardianResolver } from '../modules/guardian/guardian.resolver';
import { ProfileResolver } from '../modules/profile/profile.resolver';
import { ConsentResolver } from '../modules/consent/consent.resolver';
import { CorrectionResolver } from '../modules/correction/correction.resolver';
import { PolicyVersionResolver } from '../modules/policy-version/policy-version.resolver';
import { CookieResolver } from '../modules/cookie/cookie.resolver';
import { ComplaintResolver } from '../modules/complaint/complaint.resolver';
import { policyShield } from '../policy/shield';
import { paymentMasking } from '../policy/mask';

export const resolvers = [
  AuthResolver, MemberResolver, PublicResolver, StatisticsResolver, ExplainResolver, AccessLogResolver, SignUpResolver,
  GuardianResolver, ProfileResolver, ConsentResolver, CorrectionResolver, PolicyVersionResolver, CookieResolver,
  ComplaintResolver,
] as const;

/** The schema as type-graphql builds it, before any policy: what `npm run gen` prints. */
export const buildBareSchema = (): GraphQLSchema =>
  buildSchemaSync({ resolvers, validate: false, emitSchemaFile: false });

/**
 * The served schema: every field behind the policy shield (the bench alone may switch it off). The shield is the
 * outer layer, so masking only ever sees values the shield let through.
 */
export function buildSchema(options: { policyOff?: boolean } = {}): GraphQLSchema {
  const bare = buildBareSchema();
  return options.policyOff ? bare : applyMiddleware(bare, policyShield(), paymentMasking());
}
