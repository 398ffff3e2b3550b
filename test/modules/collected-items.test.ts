import { expect } from 'chai';
import { isNonNullType, type GraphQLInputObjectType } from 'graphql';
import { buildSchema } from '../../src/graphql/schema';
import { startGateway } from '../helpers/gateway';
import { gql } from '../helpers/http';
import { isPersonalField } from '../../src/policy/categories';
import { CHECKED_ESSENTIALS, COLLECTED_ITEMS, ESSENTIAL_CREDENTIALS } from '../../src/modules/signup/collected-items';

describe('collected items: the policy’s item list is the sign-up form (§2)', () => {
  const input = buildSchema({ policyOff: true }).getType('SignUpInput') as GraphQLInputObjectType;
  const fields = Object.values(input.getFields()).filter(
    (f) => isPersonalField(f.name) || (ESSENTIAL_CREDENTIALS as readonly string[]).includes(f.name),
  );
  const listed = (how: string) =>
    Object.entries(COLLECTED_ITEMS)
      .filter(([, h]) => h === how)
      .map(([f]) => f)
      .sort();

  it('§2 lists as essential exactly the personal fields sign-up requires (plus the password)', () => {
    const required = fields
      .filter((f) => isNonNullType(f.type) || (CHECKED_ESSENTIALS as readonly string[]).includes(f.name))
      .map((f) => f.name)
      .sort();
    expect(required).to.deep.equal([...listed('ESSENTIAL'), ...ESSENTIAL_CREDENTIALS].sort());
  });

  it('§2 lists as optional (or the legal representative’s) exactly the personal fields sign-up may leave out', () => {
    const optional = fields
      .filter((f) => !isNonNullType(f.type) && !(CHECKED_ESSENTIALS as readonly string[]).includes(f.name))
      .map((f) => f.name)
      .sort();
    expect(optional).to.deep.equal([...listed('OPTIONAL'), ...listed('GUARDIAN')].sort());
  });

  it('§2 accepts a sign-up giving only the items listed as essential: what the policy calls optional is optional', async () => {
    const t = await startGateway();
    try {
      const essential: Record<string, string> = {
        loginId: 'only-essential',
        password: 'a-long-password-1',
        name: 'Essie',
        email: 'essie@example.com',
        birthDate: '1990-05-05',
      };
      expect(Object.keys(essential).sort()).to.deep.equal([...listed('ESSENTIAL'), ...ESSENTIAL_CREDENTIALS].sort());
      const res = await gql<{ signUp: { outcome: string } }>(
        t.url,
        'mutation($i: SignUpInput!) { signUp(input: $i) { outcome } }',
        { i: { agree: true, policyVersion: 1, ...essential } },
      );
      expect(res.errors, JSON.stringify(res.errors)).to.equal(undefined);
      expect(res.data!.signUp.outcome).to.equal('ACTIVE');
    } finally {
      await t.stop();
    }
  });
});
