import { gql, oauth, type Caller, type GraphQLResponse } from '../helpers/http';

/**
 * A shop's first hour, over HTTP: the first administrator replaces the one-time password, creates the privacy
 * officer and a CS agent, designates the officer, registers a partner and a consignee with a webhook, entrusts
 * work for a member to the consignee, which reads that member until the work ends. Each step throws with what the
 * gateway answered when the answer is not the one a shop needs. Used by the production smoke run and the suite.
 */
export interface OnboardingResult {
  readonly steps: string[];
  readonly adminToken: string;
  readonly officerToken: string;
  readonly consigneeSecret: string;
  readonly partnerSecret: string;
  readonly memberId: string;
}

const STRONG = 'correct-horse-battery-staple';

function expectOk<T>(step: string, res: GraphQLResponse<T>): T {
  if (res.errors?.length || !res.data) throw new Error(`${step}: ${JSON.stringify(res.errors ?? res)}`);
  return res.data;
}

function expectCode(step: string, res: GraphQLResponse<unknown>, code: string): void {
  const got = res.errors?.map((e) => e.extensions?.code) ?? [];
  if (!got.includes(code)) throw new Error(`${step}: expected ${code}, got ${JSON.stringify(res.errors ?? res.data)}`);
}

const TOKEN = 'accessToken passwordChangeRequired purposes';

async function firstLogin(url: string, loginId: string, oneTime: string, steps: string[]): Promise<string> {
  const first = expectOk(
    `log in ${loginId}`,
    await gql<{ login: { accessToken: string; passwordChangeRequired: boolean } }>(
      url,
      `mutation($l: String!, $p: String!) { login(loginId: $l, password: $p) { ${TOKEN} } }`,
      { l: loginId, p: oneTime },
    ),
  );
  if (!first.login.passwordChangeRequired) throw new Error(`${loginId}: a one-time password must require a change`);
  const changed = expectOk(
    `change password of ${loginId}`,
    await gql<{ changeStaffPassword: { accessToken: string } }>(
      url,
      `mutation($c: String!, $n: String!) { changeStaffPassword(currentPassword: $c, newPassword: $n) { ${TOKEN} } }`,
      { c: oneTime, n: STRONG },
      { token: first.login.accessToken },
    ),
  );
  steps.push(`${loginId} logged in with the one-time password and replaced it`);
  return changed.changeStaffPassword.accessToken;
}

export async function onboard(
  url: string,
  adminLoginId: string,
  adminOneTimePassword: string,
  webhookUrl: string,
): Promise<OnboardingResult> {
  const steps: string[] = [];
  const adminToken = await firstLogin(url, adminLoginId, adminOneTimePassword, steps);
  const admin: Caller = { token: adminToken, purpose: 'ADMINISTRATION' };

  const created = expectOk(
    'create the privacy officer',
    await gql<{
      po: { account: { id: string }; oneTimePassword: string };
      cs: { account: { id: string }; oneTimePassword: string };
    }>(
      url,
      `mutation {
      po: createStaff(loginId: "hana.yoon", name: "Hana Yoon", role: "PRIVACY_OFFICER") { account { id } oneTimePassword }
      cs: createStaff(loginId: "cs.kim", name: "Minsu Kim", role: "CS_AGENT") { account { id } oneTimePassword }
    }`,
      {},
      admin,
    ),
  );
  steps.push('created staff hana.yoon (PRIVACY_OFFICER) and cs.kim (CS_AGENT) with one-time passwords');

  expectOk(
    'designate the privacy officer',
    await gql(
      url,
      `mutation($id: ID!) {
    designatePrivacyOfficer(staffId: $id, name: "Hana Yoon", affiliation: "Legal Team", position: "Chief Privacy Officer",
      email: "privacy@shop.example", phone: "02-1234-5678") { name }
  }`,
      { id: created.po.account.id },
      admin,
    ),
  );
  const published = expectOk(
    'read the published officer',
    await gql<{ privacyOfficer: { name: string; email: string } | null }>(
      url,
      '{ privacyOfficer { name affiliation position email phone } }',
    ),
  );
  if (published.privacyOfficer?.email !== 'privacy@shop.example')
    throw new Error(`privacyOfficer: ${JSON.stringify(published)}`);
  steps.push('designated hana.yoon as privacy officer; privacyOfficer publishes her contact');

  const clients = expectOk(
    'register a partner and a consignee',
    await gql<{ p: { clientSecret: string }; c: { clientSecret: string } }>(
      url,
      `mutation {
      p: registerPartner(clientId: "ads-partner", name: "Ads Partner Co.", contact: "privacy@ads.example", purposes: ["MARKETING"],
        fields: ["name", "email"], purposeOfUse: "Event and advertising messages", retentionPeriod: "1 year after provision") { clientSecret }
      c: registerConsignee(clientId: "fast-courier", name: "Fast Courier Co.", task: "Delivery of ordered goods", purposes: ["ORDER_FULFILLMENT"],
        fields: ["name", "phone", "address"]) { clientSecret }
    }`,
      {},
      admin,
    ),
  );
  steps.push('registered partner ads-partner and consignee fast-courier; secrets shown once');

  expectCode(
    'a webhook to a loopback address',
    await gql(
      url,
      `mutation { setClientWebhook(clientId: "fast-courier", url: "https://127.0.0.1/hook",
    secret: "0123456789abcdef0123456789abcdef") { clientId } }`,
      {},
      admin,
    ),
    'BAD_USER_INPUT',
  );
  expectOk(
    'set the consignee webhook',
    await gql(
      url,
      `mutation($u: String!) { setClientWebhook(clientId: "fast-courier", url: $u,
    secret: "0123456789abcdef0123456789abcdef") { webhookUrl } }`,
      { u: webhookUrl },
      admin,
    ),
  );
  steps.push(`refused a webhook to https://127.0.0.1; set ${webhookUrl} with its secret`);

  const consigneeList = expectOk(
    'read the consignee list',
    await gql<{ consignees: { name: string }[] }>(url, '{ consignees { name task entrustedFields } }'),
  );
  if (!consigneeList.consignees.some((c) => c.name === 'Fast Courier Co.'))
    throw new Error(`consignees: ${JSON.stringify(consigneeList)}`);
  steps.push('consignees publishes Fast Courier Co.');

  // §15: a shop has no policy until its officer publishes one, rendered from the template and what is registered now.
  const officerToken = await firstLogin(url, 'hana.yoon', created.po.oneTimePassword, steps);
  const today = new Date().toISOString().slice(0, 10);
  const policy = expectOk(
    'the officer publishes the policy',
    await gql<{
      publishPolicyVersion: { version: number; recipients: { clientId: string }[]; consignees: { name: string }[] };
    }>(
      url,
      'mutation($d: String!) { publishPolicyVersion(enforcedFrom: $d, requiresReconsent: false) { version recipients { clientId } consignees { name } } }',
      { d: today },
      { token: officerToken, purpose: 'MEMBER_MANAGEMENT' },
    ),
  );
  const listed = policy.publishPolicyVersion;
  if (
    !listed.recipients.some((r) => r.clientId === 'ads-partner') ||
    !listed.consignees.some((c) => c.name === 'Fast Courier Co.')
  ) {
    throw new Error(`published policy: ${JSON.stringify(listed)}`);
  }
  const page = await fetch(`${url}/privacy`);
  if (page.status !== 200 || !(await page.text()).includes('Ads Partner Co.'))
    throw new Error(`GET /privacy: HTTP ${page.status}`);
  steps.push(
    `hana.yoon published policy version ${listed.version} naming ads-partner and Fast Courier Co.; GET /privacy serves it`,
  );

  const signUp = expectOk(
    'a member signs up',
    await gql<{ signUp: { memberId: string } }>(
      url,
      `mutation($v: Int!) {
    signUp(input: { agree: true, policyVersion: $v, loginId: "dana", password: "${STRONG}", name: "Dana Choi", email: "dana@example.com",
      phone: "010-5555-0101", address: "5 Sejong-daero, Seoul", birthDate: "1990-04-01" }) { memberId }
  }`,
      { v: listed.version },
    ),
  );
  const memberId = signUp.signUp.memberId;
  const work = expectOk(
    'entrust a delivery',
    await gql<{ entrustWork: { id: string } }>(
      url,
      `mutation($m: ID!) {
    entrustWork(clientId: "fast-courier", memberId: $m, kind: "DELIVERY", taskReference: "order-1") { id endsAt }
  }`,
      { m: memberId },
      admin,
    ),
  );

  const courier = await oauth(url, 'fast-courier', clients.c.clientSecret);
  if (!courier.token) throw new Error(`fast-courier token: HTTP ${courier.status}`);
  const read = expectOk(
    'the consignee reads the member',
    await gql<{ member: { name: string } }>(
      url,
      'query($m: ID!) { member(id: $m) { name phone address } }',
      { m: memberId },
      { token: courier.token, purpose: 'ORDER_FULFILLMENT' },
    ),
  );
  if (read.member.name !== 'Dana Choi') throw new Error(`consignee read: ${JSON.stringify(read)}`);
  expectOk(
    'end the work',
    await gql(url, 'mutation($w: ID!) { endWork(workId: $w) { endedAt } }', { w: work.entrustWork.id }, admin),
  );
  expectCode(
    'the consignee reads nothing once the work ended',
    await gql(
      url,
      'query($m: ID!) { member(id: $m) { name } }',
      { m: memberId },
      { token: courier.token, purpose: 'ORDER_FULFILLMENT' },
    ),
    'NOT_FOUND',
  );
  steps.push(
    'entrusted a delivery for dana to fast-courier, which read her name, phone and address; after endWork it reads NOT_FOUND',
  );

  const log = expectOk(
    'the officer reads the administrative log',
    await gql<{ accessLogs: { edges: { node: { action: string; fields: string[] } }[] } }>(
      url,
      '{ accessLogs(first: 100, filter: { action: "ADMIN" }) { edges { node { action accessorName fields } } } }',
      {},
      { token: officerToken, purpose: 'MEMBER_MANAGEMENT' },
    ),
  );
  const adminRows = log.accessLogs.edges.length;
  if (adminRows < 8) throw new Error(`accessLogs ADMIN rows: ${adminRows}`);
  const text = JSON.stringify(log);
  if (text.includes(clients.c.clientSecret) || text.includes(STRONG))
    throw new Error('a secret reached the access log');
  steps.push(`the officer sees ${adminRows} ADMIN rows in accessLogs, none with a secret or password`);

  return {
    steps,
    adminToken,
    officerToken,
    consigneeSecret: clients.c.clientSecret,
    partnerSecret: clients.p.clientSecret,
    memberId,
  };
}
