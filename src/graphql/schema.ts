import { isObjectType, type GraphQLSchema } from 'graphql';
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
import { MembershipResolver } from '../modules/membership/membership.resolver';
import { ConsentResolver } from '../modules/consent/consent.resolver';
import { RightsRequestResolver } from '../modules/rights-request/rights-request.resolver';
import { CorrectionResolver } from '../modules/correction/correction.resolver';
import { PolicyVersionResolver } from '../modules/policy-version/policy-version.resolver';
import { CookieResolver } from '../modules/cookie/cookie.resolver';
import { ComplaintResolver } from '../modules/complaint/complaint.resolver';
import { LawfulRequestResolver } from '../modules/lawful-request/lawful-request.resolver';
import { ProvisionResolver } from '../modules/provision/provision.resolver';
import { RetainedRecordResolver } from '../modules/retention/retained.resolver';
import { StaffAdminResolver } from '../modules/staff/staff-admin.resolver';
import { PrivacyOfficerResolver } from '../modules/privacy-officer/privacy-officer.resolver';
import { ClientAdminResolver } from '../modules/client/client-admin.resolver';
import { AssignmentResolver } from '../modules/assignment/assignment.resolver';
import { UsageNoticeResolver } from '../modules/usage-notice/usage-notice.resolver';
import { policyShield } from '../policy/shield';
import { paymentMasking } from '../policy/mask';
import { fieldPolicy } from '../policy/field-policy';

export const resolvers = [
  AuthResolver,
  MemberResolver,
  PublicResolver,
  StatisticsResolver,
  ExplainResolver,
  AccessLogResolver,
  SignUpResolver,
  GuardianResolver,
  MembershipResolver,
  ConsentResolver,
  CorrectionResolver,
  RightsRequestResolver,
  PolicyVersionResolver,
  CookieResolver,
  ComplaintResolver,
  LawfulRequestResolver,
  ProvisionResolver,
  RetainedRecordResolver,
  UsageNoticeResolver,
  StaffAdminResolver,
  PrivacyOfficerResolver,
  ClientAdminResolver,
  AssignmentResolver,
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
  if (options.policyOff) return bare;
  return unwrapAllowed(applyMiddleware(bare, policyShield(), paymentMasking()), bare);
}

/**
 * Fields whose entry always allows (PUBLIC, NESTED) get their own resolver back: that decides exactly as the
 * shield's `allow` would, without an async wrapper per list item. Every other field stays behind its rule.
 */
function unwrapAllowed(served: GraphQLSchema, bare: GraphQLSchema): GraphQLSchema {
  for (const [typeName, fields] of Object.entries(fieldPolicy)) {
    const type = served.getType(typeName);
    const original = bare.getType(typeName);
    if (!isObjectType(type) || !isObjectType(original)) continue;
    for (const [fieldName, access] of Object.entries(fields)) {
      const field = type.getFields()[fieldName];
      if (field && (access.kind === 'PUBLIC' || access.kind === 'NESTED'))
        field.resolve = original.getFields()[fieldName]?.resolve;
    }
  }
  return served;
}
