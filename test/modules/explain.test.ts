import { expect } from 'chai';
import { startGateway, type TestGateway } from '../helpers/gateway';
import { clientToken, gql, login } from '../helpers/http';

const EXPLAIN =
  'query($t: String!, $f: String!, $p: String) { explainAccess(typeName: $t, fieldName: $f, purpose: $p) { allowed code reason category purposes } }';
type Explanation = {
  allowed: boolean;
  code: string | null;
  reason: string;
  category: string | null;
  purposes: string[];
};

describe('§3 explainAccess', () => {
  let t: TestGateway;
  before(async () => {
    t = await startGateway();
  });
  after(() => t.stop());

  const explain = async (token: string | undefined, f: string, p: string | null, type = 'Member') =>
    (await gql<{ explainAccess: Explanation }>(t.url, EXPLAIN, { t: type, f, p }, { token })).data!.explainAccess;

  it('explains an allowed read with the consent it still needs', async () => {
    const e = await explain(await login(t.url, 'marketer'), 'email', 'MARKETING');
    expect(e).to.include({ allowed: true, code: null, category: 'CONTACT' });
    expect(e.reason).to.include('MARKETING');
  });

  it('names the code a read would get: category outside the purpose, field not entrusted, purpose not declarable', async () => {
    const cs = await login(t.url, 'cs-agent');
    expect(await explain(cs, 'address', 'MEMBER_MANAGEMENT')).to.include({
      allowed: false,
      code: 'PURPOSE_DENIED',
      category: 'ADDRESS',
    });
    const courier = await clientToken(t.url, 'courier');
    const notEntrusted = await explain(courier, 'email', 'ORDER_FULFILLMENT');
    expect(notEntrusted).to.include({ allowed: false, code: 'PURPOSE_DENIED' });
    expect(notEntrusted.reason).to.include('entrusted');
    expect(await explain(courier, 'phone', 'ORDER_FULFILLMENT')).to.include({ allowed: true });
    expect(await explain(cs, 'email', 'MARKETING')).to.include({ allowed: false, code: 'FORBIDDEN_PURPOSE' });
    expect(await explain(cs, 'email', null)).to.include({ allowed: false, code: 'PURPOSE_REQUIRED' });
  });

  it('answers for unknown fields and purposes without guessing', async () => {
    expect(await explain(undefined, 'password', null)).to.include({ allowed: false, code: 'NOT_FOUND' });
    expect(await explain(undefined, 'email', 'CURIOSITY')).to.include({ allowed: false, code: 'BAD_USER_INPUT' });
    expect(await explain(undefined, 'name', null, 'PolicyDocument')).to.include({ allowed: false, code: 'NOT_FOUND' });
    expect(await explain(undefined, 'text', null, 'PolicyDocument')).to.include({ allowed: true });
  });
});
