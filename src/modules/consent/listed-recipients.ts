import type { Knex } from '@mikro-orm/knex';
import { gatewayError } from '../../errors';
import { policyDocument } from '../policy-version';
import { recipientListing, type RecipientListing } from '../policy-document';
import { activePartners } from '../client';

/**
 * The recipients as `version` lists them (§6): a member consents to provision only to a recipient the policy in
 * force showed them. Any other id, a consignee's or a partner registered since, is BAD_USER_INPUT naming it.
 */
export async function listedRecipients(
  knex: Knex | Knex.Transaction,
  version: number,
  clientIds: readonly string[],
  field: string,
): Promise<RecipientListing[]> {
  if (clientIds.length === 0) return [];
  const listed = (await policyDocument(knex, version))?.snapshot.partners ?? [];
  const active = await activePartners(knex, clientIds);
  return clientIds.map((id) => {
    const entry = listed.find((p) => p.clientId === id);
    if (!entry || !active.has(id)) {
      throw gatewayError(
        'BAD_USER_INPUT',
        `${JSON.stringify(id.slice(0, 64))} is not a recipient the privacy policy in force (version ${version}) lists.`,
        { field },
      );
    }
    return recipientListing(entry);
  });
}
