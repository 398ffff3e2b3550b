import { expect } from 'chai';
import { buildSchema, graphql, type GraphQLFieldResolver, type GraphQLResolveInfo } from 'graphql';
import { applyMiddleware } from 'graphql-middleware';
import { allow, deny, rule, shield } from 'graphql-shield';

/**
 * patches/graphql-shield+7.6.5.patch (applied by `postinstall` on `npm ci`): the shield answers a synchronous rule and
 * resolver synchronously, and still denies, falls back and reports errors as upstream does. Unpatched, every
 * guarded field returns a promise, and the first test fails.
 */
describe('§3 policy shield: graphql-shield evaluates synchronous rules without a promise per field', () => {
  const schema = applyMiddleware(
    buildSchema('type Query { open: String, checked: String, refused: String, unnamed: String, failing: String }'),
    shield(
      {
        Query: {
          open: allow,
          checked: rule({ cache: 'no_cache' })(() => true),
          refused: rule({ cache: 'no_cache' })(() => new Error('refused by rule')),
          failing: rule({ cache: 'no_cache' })(() => Promise.resolve(true)),
        },
      },
      { fallbackRule: deny, fallbackError: () => new Error('fallback'), allowExternalErrors: true },
    ),
  );
  const fields = schema.getQueryType()!.getFields();
  const call = (name: string, value: unknown) => {
    const field = fields[name]!;
    const resolve = field.resolve as GraphQLFieldResolver<unknown, object>;
    const info = { fieldName: name, parentType: schema.getQueryType(), schema } as unknown as GraphQLResolveInfo;
    // graphql-middleware wraps the field's own resolver: give the field one that answers synchronously.
    return resolve({ [name]: value }, {}, {}, info);
  };

  it('answers an allowed field with its value itself, not a promise of it', () => {
    expect(call('open', 'a')).to.equal('a');
    expect(call('checked', 'b')).to.equal('b');
  });

  it('answers a refused field with the rule’s error, synchronously', () => {
    const out = call('refused', 'secret');
    expect(out).to.be.instanceOf(Error);
    expect((out as Error).message).to.equal('refused by rule');
  });

  it('still waits for a rule that answers with a promise', async () => {
    const out = call('failing', 'later');
    expect(out).to.be.instanceOf(Promise);
    expect(await out).to.equal('later');
  });

  it('denies a field without a rule with the fallback error, through a real execution', async () => {
    const result = await graphql({ schema, source: '{ open unnamed }', rootValue: { open: 'a', unnamed: 'b' } });
    expect(result.data).to.deep.equal({ open: 'a', unnamed: null });
    expect(result.errors?.map((e) => e.message)).to.deep.equal(['fallback']);
  });
});
