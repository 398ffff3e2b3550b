import { Arg, Ctx, Int, Query, Resolver } from 'type-graphql';
import type { GatewayContext } from '../../context';
import { retentionDays } from '../../db/baseline';
import { policyStatus } from '../policy-document';
import { storedVersion, storedVersions } from '../policy-version';
import { Consignee, PolicyDocument, PolicyStatus, PrivacyOfficer } from './public.type';
import { activeConsignees } from '../client';
import { designatedOfficer } from '../privacy-officer';

@Resolver()
export class PublicResolver {
  @Query(() => PolicyDocument, {
    nullable: true,
    description: 'A policy version; the one in force today when omitted (null while none is published).',
  })
  async privacyPolicy(
    @Arg('version', () => Int, { nullable: true }) version: number | null,
    @Ctx() { services, now }: GatewayContext,
  ): Promise<PolicyDocument | null> {
    return storedVersion(services.knex, version, now);
  }

  @Query(() => [PolicyDocument], { description: 'Every policy version, newest first.' })
  privacyPolicies(@Ctx() { services }: GatewayContext): Promise<PolicyDocument[]> {
    return storedVersions(services.knex);
  }

  @Query(() => PolicyStatus, {
    description:
      'Whether the version in force still names what the gateway enforces, and what differs (privacy officer, administrator).',
  })
  privacyPolicyStatus(@Ctx() { services, now }: GatewayContext): Promise<PolicyStatus> {
    return policyStatus(services.knex, now, retentionDays(services));
  }

  @Query(() => [Consignee], { description: 'Every company entrusted with personal information and what it receives.' })
  async consignees(@Ctx() { services }: GatewayContext): Promise<Consignee[]> {
    return activeConsignees(services.knex);
  }

  @Query(() => PrivacyOfficer, { nullable: true, description: 'Where to send privacy complaints (§11, §12).' })
  async privacyOfficer(@Ctx() { services }: GatewayContext): Promise<PrivacyOfficer | null> {
    return designatedOfficer(services.knex);
  }
}
