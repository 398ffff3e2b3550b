/**
 * The one registry of member data (§4, §5, §7): every column of the member row and every table holding rows about a
 * member, listed once. The loader's columns, the export and the destruction at withdrawal are derived from it, and
 * a test compares it with the columns the database really has, so a column added without an entry here fails.
 */

/** How a stored value appears in the export. */
export type ExportAs = 'value' | 'time' | 'bool' | 'json' | 'sealed' | 'clientName';

/** A column the member receives in her export under `key`, or one she does not, with the reason. */
export type RegistryColumn = { readonly key: string; readonly as?: ExportAs } | { readonly internal: string };

/** What destruction leaves in a column of the member row: a fixed value, or the column kept, with the reason. */
export type Destroyed = { readonly value: string | null } | { readonly kept: string };

export type MemberColumn = RegistryColumn & {
  readonly destroyed: Destroyed;
  /** Read by the member loader (camelCase alias) for the API's views. */
  readonly loaded?: true;
};

const erased: Destroyed = { value: null };
const personal = (key: string, as?: ExportAs): MemberColumn => ({
  key,
  ...(as ? { as } : {}),
  destroyed: erased,
  loaded: true,
});

/** Marks the login id of a destroyed member: unique, and free for anyone to take again. */
export const WITHDRAWN_LOGIN = 'withdrawn:';

export const MEMBER_COLUMNS = {
  id: {
    key: 'id',
    loaded: true,
    destroyed: { kept: 'an opaque id: the access log and the retention store refer to it' },
  },
  login_id: { key: 'loginId', loaded: true, destroyed: { value: WITHDRAWN_LOGIN } },
  password_hash: { internal: 'a one-way hash of her secret, never handed out', destroyed: erased },
  status: { key: 'status', loaded: true, destroyed: { kept: 'WITHDRAWN: what makes the row unreadable' } },
  session_version: { internal: 'a counter that ends tokens', destroyed: { kept: 'a counter, nothing about her' } },
  name: { key: 'name', loaded: true, destroyed: { value: '' } },
  email: personal('email'),
  phone: personal('phone'),
  address: personal('address'),
  delivery_area: personal('deliveryArea'),
  birth_date: personal('birthDate'),
  gender: personal('gender'),
  wrapped_data_key: { internal: 'her data key, wrapped: a key, not data', destroyed: erased, loaded: true },
  bank_account_sealed: personal('bankAccount', 'sealed'),
  card_number_sealed: personal('cardNumber', 'sealed'),
  signup_ip: personal('signupIp'),
  browser: personal('browser'),
  os: personal('os'),
  inflow_route: personal('inflowRoute'),
  created_at: {
    key: 'createdAt',
    as: 'time',
    destroyed: { kept: 'when the row began; the withdrawal record holds it' },
  },
  withdrawn_at: { internal: 'empty while she can export', destroyed: { kept: 'when the membership ended' } },
  handed_over_at: { internal: 'empty while she can export', destroyed: { kept: 'when her data was destroyed' } },
} as const satisfies Record<string, MemberColumn>;

/** A table whose rows are about one member, named by `by`. */
export interface MemberTable {
  readonly by: string;
  /** Where the export puts its rows. */
  readonly section: string;
  /** One row at most: exported as an object (or null), not a list. */
  readonly single?: true;
  readonly orderBy?: string;
  readonly columns: Readonly<Record<string, RegistryColumn>>;
  /** At destruction her rows are deleted, or kept (with the reason) until their own period ends. */
  readonly destruction: 'DELETE' | { readonly kept: string };
  /** Exported by its own code (the reason), not from the registry's columns. */
  readonly exportedBy?: string;
}

const id: RegistryColumn = { internal: 'the row’s own id' };
const member: RegistryColumn = { internal: 'her id, the export’s own' };
const time = (key: string): RegistryColumn => ({ key, as: 'time' });

export const MEMBER_TABLES = {
  guardian: {
    by: 'child_id',
    section: 'guardians',
    orderBy: 'created_at',
    destruction: 'DELETE',
    columns: {
      id,
      child_id: member,
      name: { key: 'name' },
      contact: { key: 'contact' },
      verified_at: time('verifiedAt'),
      verification_method: { key: 'verificationMethod' },
      created_at: time('createdAt'),
      session_version: { internal: 'a counter that ends the guardian’s tokens' },
    },
  },
  consent: {
    by: 'member_id',
    section: 'consents',
    orderBy: 'granted_at',
    destruction: 'DELETE',
    columns: {
      id,
      member_id: member,
      purpose: { key: 'purpose' },
      recipient: { key: 'recipient' },
      recipient_listing: { key: 'recipientListing' },
      policy_version: { key: 'policyVersion' },
      granted_at: time('grantedAt'),
      withdrawn_at: time('withdrawnAt'),
      method: { key: 'method' },
      given_by: { key: 'givenBy' },
    },
  },
  correction_request: {
    by: 'member_id',
    section: 'corrections',
    orderBy: 'requested_at',
    destruction: 'DELETE',
    columns: {
      id,
      member_id: member,
      field: { key: 'field' },
      new_value: { key: 'newValue' },
      reason: { key: 'reason' },
      status: { key: 'status' },
      requested_at: time('requestedAt'),
      resolved_at: time('resolvedAt'),
    },
  },
  complaint: {
    by: 'member_id',
    section: 'complaints',
    orderBy: 'created_at',
    destruction: 'DELETE',
    columns: {
      id,
      member_id: member,
      subject: { key: 'subject' },
      body: { key: 'body' },
      contact: { key: 'contact' },
      status: { key: 'status' },
      answer: { key: 'answer' },
      created_at: time('createdAt'),
      answered_at: time('answeredAt'),
      closed_at: time('closedAt'),
    },
  },
  cookie_preference: {
    by: 'member_id',
    section: 'cookiePreference',
    single: true,
    destruction: 'DELETE',
    columns: {
      id,
      member_id: member,
      visitor_id: { internal: 'a visitor’s id: empty on a member’s choice' },
      personalised: { key: 'personalised', as: 'bool' },
      updated_at: time('updatedAt'),
    },
  },
  assignment: {
    by: 'member_id',
    section: 'entrustedWork',
    orderBy: 'created_at',
    destruction: 'DELETE',
    columns: {
      id,
      member_id: member,
      consignee_id: { key: 'consignee', as: 'clientName' },
      kind: { key: 'kind' },
      task_reference: { key: 'taskReference' },
      created_at: time('createdAt'),
      ends_at: time('endsAt'),
      ended_at: time('endedAt'),
      created_by: { internal: 'the staff member who entrusted it: staff data' },
    },
  },
  provision: {
    by: 'member_id',
    section: 'provisions',
    orderBy: 'at',
    destruction: 'DELETE',
    columns: {
      id,
      member_id: member,
      recipient_id: { key: 'recipient', as: 'clientName' },
      recipient_kind: { key: 'recipientKind' },
      fields: { key: 'fields', as: 'json' },
      fingerprints: { internal: 'keyed digests proving what left, not the values; unverifiable once her key is gone' },
      purpose: { key: 'purpose' },
      at: time('at'),
      request_id: { internal: 'the request that carried it, for the access log' },
    },
  },
  correction_notice: {
    by: 'member_id',
    section: 'noticesToRecipients',
    orderBy: 'seq',
    destruction: 'DELETE',
    columns: {
      seq: { internal: 'the recipient’s cursor' },
      notice_id: { internal: 'the recipient’s idempotency key' },
      recipient_id: { key: 'recipient', as: 'clientName' },
      member_id: member,
      field: { key: 'field' },
      correction_id: { internal: 'the correction or deletion it reports, exported itself' },
      change: { key: 'change' },
      created_at: time('createdAt'),
      attempts: { internal: 'delivery bookkeeping' },
      next_attempt_at: { internal: 'delivery bookkeeping' },
      delivered_at: time('deliveredAt'),
      last_error: { internal: 'the recipient’s endpoint’s answer, about the recipient' },
    },
  },
  rights_request: {
    by: 'member_id',
    section: 'rightsRequests',
    orderBy: 'recorded_at',
    destruction: 'DELETE',
    columns: {
      id,
      member_id: member,
      right: { key: 'right' },
      channel: { key: 'channel' },
      identity_verified_by: { key: 'identityVerifiedBy' },
      reference: { key: 'reference' },
      recorded_by: { internal: 'the staff member: staff data' },
      recorded_at: time('recordedAt'),
      due_at: time('dueAt'),
      status: { key: 'status' },
      executed_by: { internal: 'the staff member: staff data' },
      executed_at: time('executedAt'),
    },
  },
  usage_notice: {
    by: 'member_id',
    section: 'usageNotices',
    orderBy: 'year',
    destruction: 'DELETE',
    columns: { member_id: member, year: { key: 'year' }, queued_at: time('queuedAt') },
  },
  access_log: {
    by: 'member_id',
    section: 'accessHistory',
    destruction: {
      kept: 'access records (§10): kept for ACCESS_LOG_RETENTION_DAYS under an id that no longer names anyone',
    },
    exportedBy: 'the access log’s member index finds her rows (guardians’ rows naming her included)',
    columns: {
      seq: { internal: 'the chain position' },
      request_id: { internal: 'the gateway’s request id' },
      at: { key: 'at' },
      accessor_id: { internal: 'whoever accessed: named by accessorName' },
      accessor_kind: { key: 'accessorKind' },
      accessor_role: { key: 'accessorRole' },
      accessor_name: { key: 'accessorName' },
      client_ip: {
        internal: 'the accessor’s address, not hers unless she accessed; a visit record erased in 3 months',
      },
      ip_digest: { internal: 'a keyed digest of that address, for the chain' },
      member_id: member,
      action: { key: 'action' },
      purpose: { key: 'purpose' },
      legal_basis: { key: 'legalBasis' },
      fields: { key: 'fields' },
      denied: { key: 'denied' },
      operation_name: { internal: 'the client’s name for its query' },
      prev_hash: { internal: 'the chain' },
      hash: { internal: 'the chain' },
    },
  },
  access_log_member: {
    by: 'member_id',
    section: 'accessHistory',
    destruction: { kept: 'the index of the access records kept above, purged with them' },
    exportedBy: 'an index of access_log, exported through it',
    columns: { seq: { internal: 'the access_log row' }, member_id: member },
  },
} as const satisfies Record<string, MemberTable>;

export type MemberTableName = keyof typeof MEMBER_TABLES;

/** A table whose rows about a member are deleted when her data is destroyed. */
export type DeletedAtDestruction = {
  [T in MemberTableName]: (typeof MEMBER_TABLES)[T]['destruction'] extends 'DELETE' ? T : never;
}[MemberTableName];

/** Those tables, in the registry's order (their owners delete the rows). */
export const DELETED_AT_DESTRUCTION = (Object.keys(MEMBER_TABLES) as MemberTableName[]).filter(
  (t): t is DeletedAtDestruction => MEMBER_TABLES[t].destruction === 'DELETE',
);

/** A member row with every personal column destroyed (her data key with them), as the registry says. */
export function destroyedMember(memberId: string, now: Date): Record<string, unknown> {
  const out: Record<string, unknown> = { handed_over_at: now };
  for (const [column, c] of Object.entries(MEMBER_COLUMNS) as [string, MemberColumn][]) {
    if ('value' in c.destroyed)
      out[column] = c.destroyed.value === WITHDRAWN_LOGIN ? `${WITHDRAWN_LOGIN}${memberId}` : c.destroyed.value;
  }
  return out;
}

const camel = (column: string): string => column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** The member row's columns the loader selects, aliased as `MemberRow` names them. */
export const LOADED_COLUMNS = (Object.entries(MEMBER_COLUMNS) as [string, MemberColumn][])
  .filter(([, c]) => c.loaded)
  .map(([column]) => (camel(column) === column ? `m.${column}` : `m.${column} as ${camel(column)}`));
