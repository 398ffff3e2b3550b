import type { Services } from '../services';
import type { Principal } from './principal';
import { PURPOSES, purposesFor } from '../policy/purposes';
import { currentPolicyVersion, policyDocument } from '../modules/policy-version';
import { purposeEntry } from '../modules/policy-document';
import { partnerGap } from '../modules/policy-document';
import type { AccessClaims } from './tokens';
import { jsonList } from '../db/json-list';
import { pendingFrom, reconsentColumns } from '../modules/consent/reconsent';
import { activeMemberWith, memberIdsWith } from '../modules/member';
import { enabledStaff } from '../modules/staff';
import { verifiedChildrenOf, verifiedGuardian } from '../modules/guardian';

/**
 * Turns a token into the principal it names, or null. Everything that can be revoked (session version, client
 * status, guardian's children, a client's contract) is read from the database here, so revocation is immediate.
 */
export async function loadPrincipal(services: Services, token: string): Promise<Principal | null> {
  let claims: AccessClaims;
  try {
    claims = await services.tokens.verify(token);
  } catch {
    return null;
  }
  const { knex } = services;
  switch (claims.kind) {
    case 'MEMBER': {
      const row = await activeMemberWith<{ needed: string | null; agreed: string | null }>(
        knex,
        claims.sub,
        reconsentColumns(knex, 'member.id', services.clock.now(), ['needed', 'agreed']),
      );
      if (!row || row.sv !== claims.sv) return null;
      const member = principal('MEMBER', row.id, row.name, null, null, purposesFor({ kind: 'MEMBER', role: null }));
      const pending = pendingFrom(row.needed, row.agreed);
      return pending === null ? member : { ...member, reconsentPending: pending };
    }
    case 'STAFF': {
      const row = await enabledStaff(knex, claims.sub);
      if (!row || row.sv !== claims.sv) return null;
      // A one-time password opens nothing but its own change.
      const purposes = row.mustChange ? [] : purposesFor({ kind: 'STAFF', role: row.role });
      return principal('STAFF', row.id, row.name, row.role, null, purposes);
    }
    case 'GUARDIAN': {
      const row = await verifiedGuardian(knex, claims.sub);
      if (!row || row.sv !== claims.sv) return null;
      const children = await verifiedChildrenOf(knex, row.contact, memberIdsWith(knex, ['ACTIVE', 'PENDING_GUARDIAN']));
      return {
        ...principal('GUARDIAN', row.id, row.name, null, null, purposesFor({ kind: 'GUARDIAN', role: null })),
        childIds: children,
      };
    }
    case 'PARTNER':
    case 'CONSIGNEE': {
      const row = await knex('api_client')
        .first(
          'id',
          'client_id as clientId',
          'name',
          'kind',
          'allowed_purposes as allowed',
          'entrusted_fields as entrusted',
          'session_version as sv',
        )
        .where({ id: claims.sub, active: true });
      if (!row || row.kind !== claims.kind || Number(row.sv) !== claims.sv) return null;
      const granted = jsonList(row.allowed);
      const purposes = purposesFor({ kind: claims.kind, role: null }, granted).filter((p) =>
        claims.purposes.includes(p),
      );
      const client = {
        ...principal(claims.kind, row.id, row.name, null, row.clientId, purposes),
        entrustedFields: jsonList(row.entrusted),
      };
      if (claims.kind !== 'PARTNER') return client;
      const unlisted = await unlistedBecause(services, {
        clientId: row.clientId,
        purposes: granted,
        fields: client.entrustedFields,
      });
      return unlisted ? { ...client, unlisted } : client;
    }
  }
}

/** Why the version in force does not name this partner as registered (null when it does). */
async function unlistedBecause(
  services: Services,
  partner: { clientId: string; purposes: string[]; fields: readonly string[] },
): Promise<string | null> {
  const now = services.clock.now();
  const version = await currentPolicyVersion(services.knex, now);
  const document = version === null ? null : await policyDocument(services.knex, version);
  const live = Object.fromEntries(PURPOSES.map((p) => [p, purposeEntry(p)]));
  return partnerGap(document?.snapshot ?? null, { ...partner, fields: [...partner.fields] }, live);
}

function principal(
  kind: Principal['kind'],
  id: string,
  name: string,
  role: Principal['role'],
  clientId: string | null,
  purposes: readonly string[],
): Principal {
  return { kind, id, name, role, clientId, purposes, entrustedFields: [], childIds: [] };
}
