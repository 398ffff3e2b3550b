/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
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

export type MemberFieldsFragment = { id: string, status: MemberStatus, loginId: string | null, name: string | null, email: string | null, phone: string | null, address: string | null, deliveryArea: string | null, birthDate: string | null, gender: string | null, ageBand: string | null, bankAccount: string | null, cardNumber: string | null, guardianName: string | null, guardianContact: string | null, signupIp: string | null, browser: string | null, os: string | null, inflowRoute: string | null };

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


export type PublicInfoQuery = { privacyPolicy: { version: number, enforcedFrom: string, requiresReconsent: boolean } | null, privacyPolicies: Array<{ version: number }>, consignees: Array<{ name: string, task: string | null, entrustedFields: Array<string> }>, privacyOfficer: { name: string, position: string, email: string, phone: string } | null };
