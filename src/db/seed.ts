import type { Services } from '../services';
import { forkEm } from '../services';
import { hashSecret } from '../crypto/password';
import { encryptField, newWrappedDataKey, unwrapDataKey } from '../crypto/field-cipher';
import { Member, MemberStatus } from '../modules/member';
import { Guardian } from '../modules/guardian';
import { Consent, ConsentGiver, ConsentPurpose } from '../modules/consent';
import { Staff, StaffRole } from '../modules/staff';
import { ApiClient, ClientKind } from '../modules/client';
import { PrivacyOfficerDesignation } from '../modules/privacy-officer';
import { Assignment, AssignmentKind } from '../modules/assignment';
import { BASELINE_POLICY_VERSION } from './baseline';
import { recipientListing } from '../modules/policy-document';

/** Every demo password and client secret (README "Demo accounts"). Development only. */
export const DEMO_PASSWORD = 'demo-password';

const yearsAgo = (now: Date, years: number, days = 0): string => {
  const d = new Date(now);
  d.setUTCFullYear(d.getUTCFullYear() - years);
  d.setUTCDate(d.getUTCDate() - days);
  return d.toISOString().slice(0, 10);
};

type MemberSeed = Partial<Member> & Pick<Member, 'loginId' | 'name'> & { bankAccount?: string; cardNumber?: string };

/** Seeds the demo accounts (README "Demo accounts") into an empty database; does nothing if anyone exists. */
export async function seedDemo(services: Services): Promise<void> {
  const { knex, keys, clock } = services;
  const [{ n }] = (await knex('member').count({ n: '*' })) as [{ n: number | string }];
  const [{ s }] = (await knex('staff').count({ s: '*' })) as [{ s: number | string }];
  if (Number(n) > 0 || Number(s) > 0) return;
  const now = clock.now();
  const hash = await hashSecret(DEMO_PASSWORD);
  const em = forkEm(services);

  const member = ({ bankAccount, cardNumber, ...fields }: MemberSeed): Member => {
    const m = Object.assign(new Member(), {
      passwordHash: hash,
      signupIp: '203.0.113.10',
      browser: 'Firefox 132',
      os: 'Linux',
      inflowRoute: 'search',
      ...fields,
    });
    if (bankAccount || cardNumber) {
      m.wrappedDataKey = newWrappedDataKey(keys.masterKey, m.id);
      const dataKey = unwrapDataKey(keys.masterKey, m.wrappedDataKey, m.id);
      if (bankAccount) m.bankAccountSealed = encryptField(dataKey, m.id, 'bankAccount', bankAccount);
      if (cardNumber) m.cardNumberSealed = encryptField(dataKey, m.id, 'cardNumber', cardNumber);
    }
    em.persist(m);
    return m;
  };
  const consent = (m: Member, purpose: ConsentPurpose, extra: Partial<Consent> = {}) =>
    em.persist(
      Object.assign(new Consent(), {
        member: m,
        purpose,
        policyVersion: BASELINE_POLICY_VERSION,
        method: 'SIGNUP_FORM',
        grantedAt: now,
        ...extra,
      }),
    );
  const client = (
    clientId: string,
    name: string,
    kind: ClientKind,
    allowedPurposes: string[],
    entrustedFields: string[],
    task: string | null,
  ) => {
    const c = Object.assign(new ApiClient(), {
      clientId,
      name,
      kind,
      secretHash: hash,
      allowedPurposes,
      entrustedFields,
      task,
    });
    em.persist(c);
    return c;
  };

  const partnerAds = client(
    'partner-ads',
    'Partner Ads Co.',
    ClientKind.PARTNER,
    ['MARKETING'],
    ['loginId', 'name', 'email', 'phone', 'birthDate', 'gender', 'ageBand'],
    null,
  );
  Object.assign(partnerAds, {
    contact: 'privacy@partner-ads.example',
    purposeOfUse: 'Sending event and advertising information',
    retentionPeriod: 'Until the consent is withdrawn or 1 year after provision',
  });
  const courier = client(
    'courier',
    'Courier Co.',
    ClientKind.CONSIGNEE,
    ['ORDER_FULFILLMENT'],
    ['name', 'phone', 'address'],
    'Delivery of ordered goods',
  );
  const pg = client(
    'pg',
    'Payment Gateway Co.',
    ClientKind.CONSIGNEE,
    ['PAYMENT_SETTLEMENT'],
    ['name', 'bankAccount', 'cardNumber'],
    'Payment processing and settlement',
  );
  client(
    'hosting',
    'NHN Commerce Co., Ltd.',
    ClientKind.CONSIGNEE,
    [],
    [],
    'Customer information DB system establishment and operation/management (computer outsourcing)',
  );

  const alice = member({
    loginId: 'alice',
    name: 'Alice Kim',
    email: 'alice@example.com',
    phone: '010-1234-5678',
    address: '1 Teheran-ro, Gangnam-gu, Seoul',
    deliveryArea: 'Seoul',
    birthDate: yearsAgo(now, 34, 40),
    gender: 'FEMALE',
    bankAccount: '110-123-456789',
    cardNumber: '4111111111111111',
  });
  consent(alice, ConsentPurpose.ESSENTIAL);
  consent(alice, ConsentPurpose.MARKETING);
  // The receipt records the recipient as version 1 (rendered from this seed right after it) lists it.
  consent(alice, ConsentPurpose.THIRD_PARTY_PROVISION, {
    recipient: partnerAds.clientId,
    recipientListing: JSON.stringify(
      recipientListing({
        clientId: partnerAds.clientId,
        name: partnerAds.name,
        contact: partnerAds.contact ?? '',
        purposes: [...partnerAds.allowedPurposes].sort(),
        fields: [...partnerAds.entrustedFields].sort(),
        purposeOfUse: partnerAds.purposeOfUse ?? '',
        retention: partnerAds.retentionPeriod ?? '',
      }),
    ),
  });
  const work = {
    member: alice,
    createdAt: now,
    endsAt: new Date(now.getTime() + services.config.assignmentDays * 86_400_000),
  };
  em.persist(
    Object.assign(new Assignment(), {
      ...work,
      consignee: courier,
      kind: AssignmentKind.DELIVERY,
      taskReference: 'order-1001',
    }),
  );
  em.persist(
    Object.assign(new Assignment(), {
      ...work,
      consignee: pg,
      kind: AssignmentKind.SETTLEMENT,
      taskReference: 'payment-1001',
    }),
  );

  const bob = member({
    loginId: 'bob',
    name: 'Bob Lee',
    email: 'bob@example.com',
    phone: '010-2345-6789',
    address: '2 Haeundae-ro, Busan',
    deliveryArea: 'Busan',
    birthDate: yearsAgo(now, 41, 100),
    gender: 'MALE',
  });
  consent(bob, ConsentPurpose.ESSENTIAL);

  const minji = member({
    loginId: 'minji',
    name: 'Minji Park',
    email: 'minji@example.com',
    address: '3 Jongno, Seoul',
    deliveryArea: 'Seoul',
    birthDate: yearsAgo(now, 11, 20),
    gender: 'FEMALE',
  });
  em.persist(
    Object.assign(new Guardian(), {
      child: minji,
      name: 'Soyeon Park',
      contact: 'soyeon.park@example.com',
      verifiedAt: now,
      verificationMethod: 'EMAIL_CODE',
    }),
  );
  consent(minji, ConsentPurpose.ESSENTIAL, { givenBy: ConsentGiver.GUARDIAN, method: 'GUARDIAN_CODE' });

  // Pending a guardian: only the child's name and what reaches the guardian are kept (§2).
  const jun = member({
    loginId: 'jun',
    name: 'Jun Choi',
    status: MemberStatus.PENDING_GUARDIAN,
    birthDate: yearsAgo(now, 10, 5),
    signupIp: null,
    browser: null,
    os: null,
    inflowRoute: null,
  });
  em.persist(Object.assign(new Guardian(), { child: jun, name: 'Jiho Choi', contact: 'jiho.choi@example.com' }));

  const carol = member({
    loginId: 'carol',
    name: 'Carol Jung',
    email: 'carol@example.com',
    deliveryArea: 'Incheon',
    birthDate: yearsAgo(now, 29),
    gender: 'FEMALE',
    status: MemberStatus.WITHDRAWN,
    withdrawnAt: now,
    sessionVersion: 2,
  });
  consent(carol, ConsentPurpose.ESSENTIAL, { withdrawnAt: now });

  const staff = (loginId: string, name: string, role: StaffRole): Staff => {
    const s = Object.assign(new Staff(), { loginId, name, role, passwordHash: hash });
    em.persist(s);
    return s;
  };
  staff('cs-agent', 'Customer Service Agent', StaffRole.CS_AGENT);
  staff('marketer', 'Marketing Manager', StaffRole.MARKETER);
  staff('analyst', 'Service Analyst', StaffRole.ANALYST);
  staff('admin', 'Gateway Administrator', StaffRole.ADMIN);
  const officer = staff('privacy-officer', 'Hana Yoon', StaffRole.PRIVACY_OFFICER);
  em.persist(
    Object.assign(new PrivacyOfficerDesignation(), {
      staff: officer,
      name: 'Hana Yoon',
      affiliation: 'Legal Team',
      position: 'Chief Privacy Officer',
      email: 'privacy@bettra.example',
      phone: '02-0000-0000',
      designatedAt: now,
    }),
  );

  await em.flush();
}
