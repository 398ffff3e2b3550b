import type { PrincipalKind } from '../auth/principal';
import { memberFieldCategory, type PersonalField } from './categories';
import type { Purpose } from './purposes';

/** The one policy entry each schema field has. */
export type FieldAccess =
  /** Anyone, logged in or not: the published policy, consignee list, privacy officer, log-in itself. */
  | { readonly kind: 'PUBLIC' }
  /** Part of a value whose root field was already decided (connections, edges, ids of reachable members). */
  | { readonly kind: 'NESTED' }
  /** Only these kinds of principal. */
  | { readonly kind: 'PRINCIPAL'; readonly principals: readonly PrincipalKind[] }
  /** A purpose must be declared: one of `purposes` when given. */
  | { readonly kind: 'PURPOSE'; readonly purposes?: readonly Purpose[] }
  /** Staff in one of these roles, declaring one of these purposes. */
  | { readonly kind: 'STAFF'; readonly roles: readonly string[]; readonly purposes: readonly Purpose[] }
  /** A member acting for themself or a guardian for their child, declaring SELF_SERVICE. */
  | { readonly kind: 'SELF' }
  /** The member's own records (or a guardian's child's), under SELF_SERVICE only. */
  | { readonly kind: 'OWN' }
  /** A member's personal field, decided per member by `decide`. */
  | { readonly kind: 'PERSONAL'; readonly field: PersonalField };

const PUBLIC: FieldAccess = { kind: 'PUBLIC' };
const NESTED: FieldAccess = { kind: 'NESTED' };
const SELF: FieldAccess = { kind: 'SELF' };
const OWN: FieldAccess = { kind: 'OWN' };
const CUSTOMER_SERVICE: FieldAccess = {
  kind: 'STAFF',
  roles: ['CS_AGENT', 'PRIVACY_OFFICER'],
  purposes: ['MEMBER_MANAGEMENT'],
};
const PRIVACY_OFFICE: FieldAccess = { kind: 'STAFF', roles: ['PRIVACY_OFFICER'], purposes: ['MEMBER_MANAGEMENT'] };
const LEGAL_OFFICE: FieldAccess = {
  kind: 'STAFF',
  roles: ['PRIVACY_OFFICER'],
  purposes: ['MEMBER_MANAGEMENT', 'LEGAL_REQUEST'],
};
/** The second person on a lawful request (§6): a privacy officer or an administrator. */
const LAWFUL_REVIEW: FieldAccess = {
  kind: 'STAFF',
  roles: ['PRIVACY_OFFICER', 'ADMIN'],
  purposes: ['MEMBER_MANAGEMENT', 'LEGAL_REQUEST', 'ADMINISTRATION'],
};
/** Running the gateway: the administrator alone, under ADMINISTRATION, which reads no member's data. */
const ADMINISTRATION: FieldAccess = { kind: 'STAFF', roles: ['ADMIN'], purposes: ['ADMINISTRATION'] };
/** Entrusting work to consignees: the administrator, or customer service fulfilling an order. */
const ENTRUSTING: FieldAccess = {
  kind: 'STAFF',
  roles: ['ADMIN', 'CS_AGENT'],
  purposes: ['ADMINISTRATION', 'ORDER_FULFILLMENT'],
};
const all = <K extends string>(keys: readonly K[], access: FieldAccess): Record<K, FieldAccess> =>
  Object.fromEntries(keys.map((k) => [k, access])) as Record<K, FieldAccess>;

const personal = Object.fromEntries(
  (Object.keys(memberFieldCategory) as PersonalField[]).map((field) => [field, { kind: 'PERSONAL', field }]),
) as Record<PersonalField, FieldAccess>;

/** Every field of every object type in the schema; a field missing here is denied and fails the schema-walk test. */
export const fieldPolicy: Readonly<Record<string, Readonly<Record<string, FieldAccess>>>> = {
  Query: {
    ...all(['privacyPolicy', 'privacyPolicies', 'consignees', 'privacyOfficer', 'explainAccess', 'notices'], PUBLIC),
    openCorrections: CUSTOMER_SERVICE,
    rightsRequests: CUSTOMER_SERVICE,
    correctionNotices: { kind: 'PRINCIPAL', principals: ['PARTNER', 'CONSIGNEE'] },
    retainedRecords: { kind: 'PURPOSE', purposes: ['LEGAL_REQUEST', 'PAYMENT_SETTLEMENT'] },
    complaints: PRIVACY_OFFICE,
    me: { kind: 'PRINCIPAL', principals: ['MEMBER'] },
    myChildren: { kind: 'PRINCIPAL', principals: ['GUARDIAN'] },
    member: { kind: 'PURPOSE' },
    members: { kind: 'PURPOSE' },
    memberStatistics: { kind: 'PURPOSE', purposes: ['SERVICE_DEVELOPMENT'] },
    accessLogs: LEGAL_OFFICE,
    lawfulRequests: LAWFUL_REVIEW,
    accessReview: PRIVACY_OFFICE,
    privacyPolicyStatus: {
      kind: 'STAFF',
      roles: ['PRIVACY_OFFICER', 'ADMIN'],
      purposes: ['MEMBER_MANAGEMENT', 'ADMINISTRATION'],
    },
    ...all(['staffAccounts', 'apiClients'], ADMINISTRATION),
    entrustedWork: ENTRUSTING,
  },
  Mutation: {
    ...all(
      [
        'login',
        'autologin',
        'signUp',
        'requestGuardianCode',
        'confirmGuardianConsent',
        'guardianLogin',
        'setCookiePreferences',
        'submitComplaint',
      ],
      PUBLIC,
    ),
    logout: { kind: 'PRINCIPAL', principals: ['MEMBER', 'STAFF', 'GUARDIAN', 'PARTNER', 'CONSIGNEE'] },
    ...all(
      [
        'updateMyProfile',
        'deleteMyOptionalItems',
        'changePassword',
        'withdrawMembership',
        'exportMyData',
        'grantConsent',
        'withdrawConsent',
        'requestCorrection',
        'completeMyCorrection',
        'attachGuardian',
      ],
      SELF,
    ),
    ...all(['completeCorrection', 'rejectCorrection', 'recordRightsRequest', 'executeRightsRequest'], CUSTOMER_SERVICE),
    approveLawfulRequest: LAWFUL_REVIEW,
    ...all(['publishPolicyVersion', 'answerComplaint', 'closeComplaint', 'registerLawfulRequest'], PRIVACY_OFFICE),
    changeStaffPassword: { kind: 'PRINCIPAL', principals: ['STAFF'] },
    ...all(
      [
        'createStaff',
        'changeStaffRole',
        'disableStaff',
        'enableStaff',
        'resetStaffPassword',
        'designatePrivacyOfficer',
        'registerPartner',
        'registerConsignee',
        'rotateClientSecret',
        'disableClient',
        'setClientWebhook',
        'removeClientWebhook',
      ],
      ADMINISTRATION,
    ),
    ...all(['entrustWork', 'endWork'], ENTRUSTING),
  },
  Member: {
    id: NESTED,
    status: NESTED,
    ...all(
      ['accessHistory', 'consents', 'consentRequired', 'corrections', 'complaints', 'provisions', 'usageNotice'],
      OWN,
    ),
    ...personal,
  },
  MemberConnection: all(['edges', 'pageInfo'], NESTED),
  MemberEdge: all(['cursor', 'node'], NESTED),
  PageInfo: all(['hasNextPage', 'endCursor'], NESTED),
  MemberStatistics: all(['total', 'byAgeBand', 'byGender', 'byDeliveryArea', 'suppressedBelow'], NESTED),
  StatisticsBucket: all(['key', 'count'], NESTED),
  AccessExplanation: all(['allowed', 'code', 'reason', 'category', 'purposes'], NESTED),
  AccessLogConnection: all(['edges', 'pageInfo'], NESTED),
  AccessLogEdge: all(['cursor', 'node'], NESTED),
  AccessLogEntry: all(
    [
      'seq',
      'at',
      'requestId',
      'accessorId',
      'accessorKind',
      'accessorRole',
      'accessorName',
      'clientIp',
      'memberId',
      'action',
      'purpose',
      'legalBasis',
      'fields',
      'denied',
      'operationName',
      'hash',
    ],
    NESTED,
  ),
  DeniedField: all(['field', 'code'], NESTED),
  AccessHistoryConnection: all(['edges', 'pageInfo'], NESTED),
  AccessHistoryEdge: all(['cursor', 'node'], NESTED),
  AccessHistoryEntry: all(['at', 'accessorKind', 'accessorName', 'action', 'purpose', 'fields', 'denied'], NESTED),
  AccessReview: all(['month', 'hourlyThreshold', 'accessors', 'downloads', 'adminChanges'], NESTED),
  AccessorReview: all(
    [
      'accessorId',
      'accessorKind',
      'accessorName',
      'accessorRole',
      'rows',
      'distinctMembers',
      'peakMembersPerHour',
      'downloads',
      'adminChanges',
      'flags',
    ],
    NESTED,
  ),
  AccessToken: all(
    [
      'accessToken',
      'tokenType',
      'expiresIn',
      'purposes',
      'autologinToken',
      'passwordChangeRequired',
      'reconsentRequired',
    ],
    PUBLIC,
  ),
  StaffAccount: all(['id', 'loginId', 'name', 'role', 'disabled', 'mustChangePassword'], NESTED),
  StaffCredentials: all(['account', 'oneTimePassword'], NESTED),
  ApiClientInfo: all(
    [
      'clientId',
      'kind',
      'name',
      'contact',
      'task',
      'purposes',
      'fields',
      'purposeOfUse',
      'retentionPeriod',
      'active',
      'webhookUrl',
      'previousSecretValidUntil',
    ],
    NESTED,
  ),
  ClientCredentials: all(['client', 'clientSecret'], NESTED),
  EntrustedWork: all(['id', 'memberId', 'clientId', 'kind', 'taskReference', 'createdAt', 'endsAt', 'endedAt'], NESTED),
  LawfulRequestItem: all(
    [
      'id',
      'authority',
      'legalBasis',
      'memberIds',
      'fields',
      'validFrom',
      'validUntil',
      'registeredBy',
      'approvedBy',
      'approvedAt',
      'status',
    ],
    NESTED,
  ),
  ProvisionItem: all(['recipientName', 'recipientKind', 'fields', 'purpose', 'at'], NESTED),
  UsageNoticeContent: all(['year', 'accesses', 'provisions'], NESTED),
  UsageAccess: all(
    ['accessorKind', 'accessorName', 'accessorRole', 'purpose', 'actions', 'count', 'firstAt', 'lastAt'],
    NESTED,
  ),
  UsageProvision: all(['recipientName', 'recipientKind', 'purpose', 'fields', 'count', 'firstAt', 'lastAt'], NESTED),
  CorrectionNoticeItem: all(['cursor', 'noticeId', 'memberId', 'field', 'change', 'correctedAt'], NESTED),
  RetainedRecordItem: all(['category', 'legalBasis', 'retainedAt', 'expiresAt', 'data'], NESTED),
  RightsRequestItem: all(
    [
      'id',
      'memberId',
      'right',
      'channel',
      'identityVerifiedBy',
      'reference',
      'recordedBy',
      'recordedAt',
      'dueAt',
      'status',
      'overdue',
      'executedBy',
      'executedAt',
    ],
    NESTED,
  ),
  RightsRequestExecution: all(['request', 'export'], NESTED),
  SignUpResult: all(['outcome', 'memberId'], NESTED),
  GuardianConsentResult: all(['childId', 'status'], NESTED),
  ConsentReceipt: all(
    [
      'id',
      'purpose',
      'recipient',
      'recipientListing',
      'policyVersion',
      'grantedAt',
      'withdrawnAt',
      'method',
      'givenBy',
    ],
    NESTED,
  ),
  Correction: all(['id', 'memberId', 'field', 'newValue', 'reason', 'status', 'requestedAt', 'resolvedAt'], NESTED),
  NoticeItem: all(['id', 'title', 'body', 'policyVersion', 'postedAt'], PUBLIC),
  CookiePreferences: all(['visitorId', 'necessary', 'personalised'], NESTED),
  ComplaintItem: all(['id', 'subject', 'body', 'contact', 'status', 'answer', 'createdAt', 'answeredAt'], NESTED),
  PolicyDocument: all(
    ['version', 'text', 'enforcedFrom', 'requiresReconsent', 'contentHash', 'recipients', 'consignees'],
    PUBLIC,
  ),
  PolicyRecipient: all(['clientId', 'name', 'purpose', 'items', 'retention'], PUBLIC),
  PolicyConsignee: all(['name', 'task', 'items'], PUBLIC),
  PolicyStatus: all(['version', 'stale', 'reasons'], NESTED),
  Consignee: all(['name', 'task', 'entrustedFields'], PUBLIC),
  PrivacyOfficer: all(['name', 'affiliation', 'position', 'email', 'phone'], PUBLIC),
};
