import type { Knex } from '@mikro-orm/knex';
import { currentPolicyVersion, policyDocument } from '../policy-version';
import { liveSnapshot, type RetentionDays } from './snapshot';
import { staleReasons } from './staleness';

export interface PolicyStatusResult {
  readonly version: number | null;
  readonly stale: boolean;
  readonly reasons: string[];
}

/** Whether the version in force still names everything the gateway enforces, and if not, what differs. */
export async function policyStatus(knex: Knex, now: Date, days: RetentionDays): Promise<PolicyStatusResult> {
  const version = await currentPolicyVersion(knex, now);
  const live = await liveSnapshot(knex, days);
  if (version === null) {
    const missing = [
      'no privacy policy version is in force: the privacy officer publishes one (publishPolicyVersion)',
      ...(live.officer ? [] : ['no privacy officer is designated (designatePrivacyOfficer)']),
      ...(live.partners.length
        ? []
        : [
            'no partner is registered: a template with {{third-parties}} needs one, {{third-parties?}} states that none receives anything',
          ]),
      ...(live.consignees.length
        ? []
        : [
            'no consignee is registered: a template with {{consignees}} needs one, {{consignees?}} states that none is entrusted',
          ]),
    ];
    return { version: null, stale: true, reasons: missing };
  }
  const document = await policyDocument(knex, version);
  if (!document)
    return {
      version,
      stale: true,
      reasons: [`version ${version} was not generated from what the gateway enforces: publish a new version`],
    };
  const reasons = staleReasons(document.snapshot, live);
  return { version, stale: reasons.length > 0, reasons };
}
