import { expect } from 'chai';
import { isObjectType } from 'graphql';
import { buildBareSchema } from '../../src/graphql/schema';
import { fieldPolicy } from '../../src/policy/field-policy';
import { memberFieldCategory, PERSONAL_FIELDS } from '../../src/policy/categories';
import { decide } from '../../src/policy/decide';
import { outcome } from '../../src/policy/decision';
import { describeMemberField } from '../../src/policy/describe';
import { StaffRole } from '../../src/modules/staff/staff.entity';

describe('§2 §3 field policy', () => {
  const schema = buildBareSchema();
  const objectTypes = Object.values(schema.getTypeMap()).filter((t) => isObjectType(t) && !t.name.startsWith('__'));

  it('has exactly one entry for every field of every object type in the schema', () => {
    const missing: string[] = [];
    for (const type of objectTypes) {
      for (const field of Object.keys((type as { getFields(): object }).getFields())) {
        if (!fieldPolicy[type.name]?.[field]) missing.push(`${type.name}.${field}`);
      }
    }
    expect(missing, 'fields without a policy entry').to.deep.equal([]);
  });

  it('names no field the schema does not have', () => {
    const stale: string[] = [];
    for (const [type, fields] of Object.entries(fieldPolicy)) {
      const schemaType = schema.getType(type);
      const schemaFields = schemaType && isObjectType(schemaType) ? schemaType.getFields() : {};
      for (const field of Object.keys(fields)) if (!(field in schemaFields)) stale.push(`${type}.${field}`);
    }
    expect(stale, 'policy entries for fields that do not exist').to.deep.equal([]);
  });

  it('treats every personal field of Member as personal, and only those', () => {
    const personal = Object.entries(fieldPolicy.Member!)
      .filter(([, a]) => a.kind === 'PERSONAL')
      .map(([f]) => f)
      .sort();
    expect(personal).to.deep.equal(Object.keys(memberFieldCategory).sort());
  });

  it('describes each personal field with its category in the schema', () => {
    const member = schema.getType('Member');
    if (!member || !isObjectType(member)) throw new Error('no Member type');
    for (const [field, category] of Object.entries(memberFieldCategory)) {
      expect(member.getFields()[field]?.description).to.include(`category ${category}`);
    }
  });

  it('ADMINISTRATION denies every personal field, even of a member holding every consent', () => {
    const admin = {
      kind: 'STAFF',
      id: 'a',
      name: 'Admin',
      role: StaffRole.ADMIN,
      clientId: null,
      purposes: ['ADMINISTRATION'],
      entrustedFields: [],
      childIds: [],
    } as const;
    const state = {
      id: 'm',
      status: 'ACTIVE',
      under14: false,
      guardianVerified: true,
      fieldsOnHold: new Set<string>(),
      consents: new Set(['ESSENTIAL', 'MARKETING']),
    } as const;
    const decisions = PERSONAL_FIELDS.map((f) => outcome(decide(admin, 'ADMINISTRATION', f, state)));
    expect(new Set(decisions)).to.deep.equal(new Set(['PURPOSE_DENIED']));
    expect(describeMemberField('name')).not.to.include('ADMINISTRATION');
  });
});
