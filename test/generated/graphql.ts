/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
};

/** Why a field would or would not be readable for the caller. */
export type AccessExplanation = {
  __typename?: 'AccessExplanation';
  allowed: Scalars['Boolean']['output'];
  /** The data category of a personal field. */
  category: Maybe<Scalars['String']['output']>;
  /** The error code a read would get, when denied. */
  code: Maybe<Scalars['String']['output']>;
  /** The purposes under which this field can be read at all. */
  purposes: Array<Scalars['String']['output']>;
  reason: Scalars['String']['output'];
};

export type AccessToken = {
  __typename?: 'AccessToken';
  accessToken: Scalars['String']['output'];
  /** Seconds until the token expires. */
  expiresIn: Scalars['Int']['output'];
  /** The purposes this token may declare in X-Purpose. */
  purposes: Array<Scalars['String']['output']>;
  tokenType: Scalars['String']['output'];
};

/** A company entrusted with processing personal information (§9). */
export type Consignee = {
  __typename?: 'Consignee';
  /** The Member fields it is entrusted with: the minimum for its task. */
  entrustedFields: Array<Scalars['String']['output']>;
  name: Scalars['String']['output'];
  /** The work entrusted to it. */
  task: Maybe<Scalars['String']['output']>;
};

export type Member = {
  __typename?: 'Member';
  /** Personal data, category ADDRESS. Readable under: SELF_SERVICE; ORDER_FULFILLMENT (consent: ESSENTIAL); LEGAL_REQUEST. Null with an error code when denied. */
  address: Maybe<Scalars['String']['output']>;
  /** Personal data, category DEMOGRAPHIC. Readable under: SELF_SERVICE; MEMBER_MANAGEMENT (consent: ESSENTIAL); MARKETING (consent: MARKETING, PROVISION_TO_CLIENT (partners)); SERVICE_DEVELOPMENT; LEGAL_REQUEST. Null with an error code when denied. */
  ageBand: Maybe<Scalars['String']['output']>;
  /** Personal data, category PAYMENT. Readable under: SELF_SERVICE; PAYMENT_SETTLEMENT (consent: ESSENTIAL); LEGAL_REQUEST. Masked to the last 4 characters except under PAYMENT_SETTLEMENT. Null with an error code when denied. */
  bankAccount: Maybe<Scalars['String']['output']>;
  /** Personal data, category DEMOGRAPHIC. Readable under: SELF_SERVICE; MEMBER_MANAGEMENT (consent: ESSENTIAL); MARKETING (consent: MARKETING, PROVISION_TO_CLIENT (partners)); LEGAL_REQUEST. Null with an error code when denied. */
  birthDate: Maybe<Scalars['String']['output']>;
  /** Personal data, category DEVICE. Readable under: SELF_SERVICE; MEMBER_MANAGEMENT (consent: ESSENTIAL); LEGAL_REQUEST. Null with an error code when denied. */
  browser: Maybe<Scalars['String']['output']>;
  /** Personal data, category PAYMENT. Readable under: SELF_SERVICE; PAYMENT_SETTLEMENT (consent: ESSENTIAL); LEGAL_REQUEST. Masked to the last 4 characters except under PAYMENT_SETTLEMENT. Null with an error code when denied. */
  cardNumber: Maybe<Scalars['String']['output']>;
  /** Personal data, category ADDRESS. Readable under: SELF_SERVICE; ORDER_FULFILLMENT (consent: ESSENTIAL); SERVICE_DEVELOPMENT; LEGAL_REQUEST. Null with an error code when denied. */
  deliveryArea: Maybe<Scalars['String']['output']>;
  /** Personal data, category CONTACT. Readable under: SELF_SERVICE; MEMBER_MANAGEMENT (consent: ESSENTIAL); ORDER_FULFILLMENT (consent: ESSENTIAL); MARKETING (consent: MARKETING, PROVISION_TO_CLIENT (partners)); LEGAL_REQUEST. Null with an error code when denied. */
  email: Maybe<Scalars['String']['output']>;
  /** Personal data, category DEMOGRAPHIC. Readable under: SELF_SERVICE; MEMBER_MANAGEMENT (consent: ESSENTIAL); MARKETING (consent: MARKETING, PROVISION_TO_CLIENT (partners)); SERVICE_DEVELOPMENT; LEGAL_REQUEST. Null with an error code when denied. */
  gender: Maybe<Scalars['String']['output']>;
  /** Personal data, category GUARDIAN. Readable under: SELF_SERVICE; MEMBER_MANAGEMENT (consent: ESSENTIAL); LEGAL_REQUEST. Null with an error code when denied. */
  guardianContact: Maybe<Scalars['String']['output']>;
  /** Personal data, category GUARDIAN. Readable under: SELF_SERVICE; MEMBER_MANAGEMENT (consent: ESSENTIAL); LEGAL_REQUEST. Null with an error code when denied. */
  guardianName: Maybe<Scalars['String']['output']>;
  /** Opaque identifier. */
  id: Scalars['ID']['output'];
  /** Personal data, category DEVICE. Readable under: SELF_SERVICE; MEMBER_MANAGEMENT (consent: ESSENTIAL); LEGAL_REQUEST. Null with an error code when denied. */
  inflowRoute: Maybe<Scalars['String']['output']>;
  /** Personal data, category IDENTITY. Readable under: SELF_SERVICE; MEMBER_MANAGEMENT (consent: ESSENTIAL); ORDER_FULFILLMENT (consent: ESSENTIAL); PAYMENT_SETTLEMENT (consent: ESSENTIAL); MARKETING (consent: MARKETING, PROVISION_TO_CLIENT (partners)); LEGAL_REQUEST. Null with an error code when denied. */
  loginId: Maybe<Scalars['String']['output']>;
  /** Personal data, category IDENTITY. Readable under: SELF_SERVICE; MEMBER_MANAGEMENT (consent: ESSENTIAL); ORDER_FULFILLMENT (consent: ESSENTIAL); PAYMENT_SETTLEMENT (consent: ESSENTIAL); MARKETING (consent: MARKETING, PROVISION_TO_CLIENT (partners)); LEGAL_REQUEST. Null with an error code when denied. */
  name: Maybe<Scalars['String']['output']>;
  /** Personal data, category DEVICE. Readable under: SELF_SERVICE; MEMBER_MANAGEMENT (consent: ESSENTIAL); LEGAL_REQUEST. Null with an error code when denied. */
  os: Maybe<Scalars['String']['output']>;
  /** Personal data, category CONTACT. Readable under: SELF_SERVICE; MEMBER_MANAGEMENT (consent: ESSENTIAL); ORDER_FULFILLMENT (consent: ESSENTIAL); MARKETING (consent: MARKETING, PROVISION_TO_CLIENT (partners)); LEGAL_REQUEST. Null with an error code when denied. */
  phone: Maybe<Scalars['String']['output']>;
  /** Personal data, category DEVICE. Readable under: SELF_SERVICE; MEMBER_MANAGEMENT (consent: ESSENTIAL); LEGAL_REQUEST. Null with an error code when denied. */
  signupIp: Maybe<Scalars['String']['output']>;
  status: MemberStatus;
};

export type MemberConnection = {
  __typename?: 'MemberConnection';
  edges: Array<MemberEdge>;
  pageInfo: PageInfo;
};

export type MemberEdge = {
  __typename?: 'MemberEdge';
  cursor: Scalars['String']['output'];
  node: Member;
};

/** Pseudonymous aggregates for service development; never a direct identifier. */
export type MemberStatistics = {
  __typename?: 'MemberStatistics';
  byAgeBand: Array<StatisticsBucket>;
  byDeliveryArea: Array<StatisticsBucket>;
  byGender: Array<StatisticsBucket>;
  /** Groups smaller than this are left out. */
  suppressedBelow: Scalars['Int']['output'];
  total: Scalars['Int']['output'];
};

export type MemberStatus =
  | 'ACTIVE'
  | 'PENDING_GUARDIAN'
  | 'WITHDRAWN';

export type Mutation = {
  __typename?: 'Mutation';
  /** Log in as a member or staff; send the token as `Authorization: Bearer …`. */
  login: AccessToken;
  /** Ends every session of the caller: all of its tokens stop working at once. */
  logout: Scalars['Boolean']['output'];
};


export type MutationLoginArgs = {
  loginId: Scalars['String']['input'];
  password: Scalars['String']['input'];
};

export type PageInfo = {
  __typename?: 'PageInfo';
  endCursor: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
};

/** A version of the personal information processing policy (§15). */
export type PolicyDocument = {
  __typename?: 'PolicyDocument';
  /** ISO date from which this version governs processing. */
  enforcedFrom: Scalars['String']['output'];
  requiresReconsent: Scalars['Boolean']['output'];
  text: Scalars['String']['output'];
  version: Scalars['Int']['output'];
};

/** The person in charge of personal information protection (§12). */
export type PrivacyOfficer = {
  __typename?: 'PrivacyOfficer';
  email: Maybe<Scalars['String']['output']>;
  name: Scalars['String']['output'];
  phone: Maybe<Scalars['String']['output']>;
  position: Maybe<Scalars['String']['output']>;
};

export type Query = {
  __typename?: 'Query';
  /** Every company entrusted with personal information and what it receives. */
  consignees: Array<Consignee>;
  /** Explains, for the calling principal, whether Type.field is readable under a purpose. */
  explainAccess: AccessExplanation;
  /** The logged-in member. Declare X-Purpose: SELF_SERVICE. */
  me: Member;
  /** One member the caller may reach under the declared purpose. */
  member: Member;
  /** Counts by age band, gender and delivery area. Declare SERVICE_DEVELOPMENT. */
  memberStatistics: MemberStatistics;
  /** Members the caller may reach, 100 at most per page. */
  members: MemberConnection;
  /** For a guardian: the children they represent. Declare SELF_SERVICE. */
  myChildren: Array<Member>;
  /** Where to send privacy complaints (§11, §12). */
  privacyOfficer: Maybe<PrivacyOfficer>;
  /** Every policy version, newest first. */
  privacyPolicies: Array<PolicyDocument>;
  /** A policy version; the one in force today when omitted. */
  privacyPolicy: Maybe<PolicyDocument>;
};


export type QueryExplainAccessArgs = {
  fieldName: Scalars['String']['input'];
  purpose: InputMaybe<Scalars['String']['input']>;
  typeName: Scalars['String']['input'];
};


export type QueryMemberArgs = {
  id: Scalars['ID']['input'];
};


export type QueryMembersArgs = {
  after: InputMaybe<Scalars['String']['input']>;
  first: Scalars['Int']['input'];
};


export type QueryPrivacyPolicyArgs = {
  version: InputMaybe<Scalars['Int']['input']>;
};

export type StatisticsBucket = {
  __typename?: 'StatisticsBucket';
  count: Scalars['Int']['output'];
  key: Scalars['String']['output'];
};

export type MemberStatus =
  | 'ACTIVE'
  | 'PENDING_GUARDIAN'
  | 'WITHDRAWN';

export type LoginMutationVariables = Exact<{
  loginId: string;
  password: string;
}>;


export type LoginMutation = { login: { accessToken: string, tokenType: string, expiresIn: number, purposes: Array<string> } };

export type LogoutMutationVariables = Exact<{ [key: string]: never; }>;


export type LogoutMutation = { logout: boolean };

export type MeQueryVariables = Exact<{ [key: string]: never; }>;


export type MeQuery = { me: { id: string, status: MemberStatus, loginId: string | null, name: string | null, email: string | null, phone: string | null, address: string | null, deliveryArea: string | null, birthDate: string | null, gender: string | null, ageBand: string | null, bankAccount: string | null, cardNumber: string | null, guardianName: string | null, guardianContact: string | null, signupIp: string | null, browser: string | null, os: string | null, inflowRoute: string | null } };

export type MembersQueryVariables = Exact<{
  first: number;
  after: string | null | undefined;
}>;


export type MembersQuery = { members: { edges: Array<{ cursor: string, node: { id: string, status: MemberStatus, loginId: string | null, name: string | null, email: string | null, phone: string | null, address: string | null, deliveryArea: string | null, birthDate: string | null, gender: string | null, ageBand: string | null, bankAccount: string | null, cardNumber: string | null, guardianName: string | null, guardianContact: string | null, signupIp: string | null, browser: string | null, os: string | null, inflowRoute: string | null } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type MemberByIdQueryVariables = Exact<{
  id: string | number;
}>;


export type MemberByIdQuery = { member: { id: string, loginId: string | null, name: string | null, email: string | null } };

export type PublicInfoQueryVariables = Exact<{ [key: string]: never; }>;


export type PublicInfoQuery = { privacyPolicy: { version: number, enforcedFrom: string, requiresReconsent: boolean } | null, privacyPolicies: Array<{ version: number }>, consignees: Array<{ name: string, task: string | null, entrustedFields: Array<string> }>, privacyOfficer: { name: string, position: string | null, email: string | null, phone: string | null } | null };
