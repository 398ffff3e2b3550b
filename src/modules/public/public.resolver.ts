import { Arg, Ctx, Int, Query, Resolver } from 'type-graphql';
import type { GatewayContext } from '../../context';
import { jsonList } from '../../db/json-list';
import { Consignee, PolicyDocument, PrivacyOfficer } from './public.type';

const policyColumns = ['version', 'text', 'enforced_from as enforcedFrom', 'requires_reconsent as requiresReconsent'];
const toPolicy = (row: PolicyDocument): PolicyDocument => ({ ...row, requiresReconsent: Boolean(row.requiresReconsent) });

@Resolver()
export class PublicResolver {
  @Query(() => PolicyDocument, { nullable: true, description: 'A policy version; the one in force today when omitted.' })
  async privacyPolicy(
    @Arg('version', () => Int, { nullable: true }) version: number | null,
    @Ctx() { services, now }: GatewayContext,
  ): Promise<PolicyDocument | null> {
    const q = services.knex('policy_version').first(policyColumns);
    const row = version != null
      ? await q.where({ version })
      : await q.where('enforced_from', '<=', now.toISOString().slice(0, 10)).orderBy('version', 'desc');
    return row ? toPolicy(row) : null;
  }

  @Query(() => [PolicyDocument], { description: 'Every policy version, newest first.' })
  async privacyPolicies(@Ctx() { services }: GatewayContext): Promise<PolicyDocument[]> {
    const rows = await services.knex('policy_version').select(policyColumns).orderBy('version', 'desc');
    return rows.map(toPolicy);
  }

  @Query(() => [Consignee], { description: 'Every company entrusted with personal information and what it receives.' })
  async consignees(@Ctx() { services }: GatewayContext): Promise<Consignee[]> {
    const rows = await services.knex('api_client')
      .select('name', 'task', 'entrusted_fields as entrustedFields')
      .where({ kind: 'CONSIGNEE', active: true })
      .orderBy('name');
    return rows.map((r) => ({ ...r, entrustedFields: jsonList(r.entrustedFields) }));
  }

  @Query(() => PrivacyOfficer, { nullable: true, description: 'Where to send privacy complaints (§11, §12).' })
  async privacyOfficer(@Ctx() { services }: GatewayContext): Promise<PrivacyOfficer | null> {
    const row = await services.knex('privacy_officer').first('name', 'affiliation', 'position', 'email', 'phone');
    return row ?? null;
  }
}
