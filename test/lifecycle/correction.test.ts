import { expect } from 'chai';
import { startGateway, type TestGateway } from '../helpers/gateway';
import { clientToken, codes, gql, login } from '../helpers/http';
import { counts, errorSet, expectError, memberIds, withConflictRows } from './support';
import { jsonList } from '../../src/db/json-list';

const REQUEST =
  'mutation RequestCorrection($f: String!, $v: String!, $r: String!) { requestCorrection(field: $f, newValue: $v, reason: $r) { id memberId field newValue reason status requestedAt resolvedAt } }';
const COMPLETE = 'mutation Complete($id: ID!) { completeCorrection(id: $id) { id field newValue status resolvedAt } }';
const REJECT = 'mutation Reject($id: ID!) { rejectCorrection(id: $id) { id field status resolvedAt } }';
const COMPLETE_MINE =
  'mutation CompleteMine($id: ID!, $p: String!) { completeMyCorrection(id: $id, password: $p) { id field status } }';

type Correction = {
  id: string;
  memberId: string;
  field: string;
  newValue: string | null;
  reason: string;
  status: string;
  requestedAt: string;
  resolvedAt: string | null;
};

describe('§13 lifecycle: corrections', () => {
  let t: TestGateway;
  let ids: Record<string, string>;
  let alice: string;
  let bob: string;
  let cs: string;
  let partner: string;
  before(async () => {
    t = await startGateway();
    ids = await memberIds(t);
    [alice, bob, cs] = await Promise.all([login(t.url, 'alice'), login(t.url, 'bob'), login(t.url, 'cs-agent')]);
    partner = await clientToken(t.url, 'partner-ads');
  });
  after(() => t.stop());

  const knex = () => t.gateway.services.knex;
  const self = (token: string) => ({ token, purpose: 'SELF_SERVICE' });
  const asCs = {
    get token() {
      return cs;
    },
    purpose: 'MEMBER_MANAGEMENT',
  };
  const read = (fields: string, caller: { token: string; purpose: string }) =>
    gql<{ member: Record<string, unknown> }>(
      t.url,
      `query($id: ID!) { member(id: $id) { ${fields} } }`,
      { id: ids.alice },
      caller,
    );
  const me = (fields: string) => gql<{ me: Record<string, unknown> }>(t.url, `{ me { ${fields} } }`, {}, self(alice));
  const status = async (id: string) =>
    (await knex()('correction_request').first('status').where({ id })).status as string;
  const newestRow = async () => {
    const row = await knex()('access_log')
      .first('member_id', 'action', 'accessor_role', 'fields')
      .orderBy('seq', 'desc');
    return { ...row, fields: jsonList(row.fields) };
  };

  describe('completed by customer service', () => {
    let correction: Correction;

    it('holds the field from the CS agent and the partner (UNDER_CORRECTION) while the member still sees it', async () => {
      const res = await gql<{ requestCorrection: Correction }>(
        t.url,
        REQUEST,
        { f: 'phone', v: '010-1111-2222', r: 'My number changed' },
        self(alice),
      );
      expect(res.errors).to.equal(undefined);
      correction = res.data!.requestCorrection;
      expect(correction).to.deep.include({
        memberId: ids.alice,
        field: 'phone',
        newValue: '010-1111-2222',
        reason: 'My number changed',
        status: 'OPEN',
        resolvedAt: null,
      });

      const staff = await read('name phone', asCs);
      expect(staff.data!.member).to.deep.equal({ name: 'Alice Kim', phone: null });
      expect(errorSet(staff)).to.deep.equal(['member.phone UNDER_CORRECTION']);
      const third = await read('name phone', { token: partner, purpose: 'MARKETING' });
      expect(third.data!.member).to.deep.equal({ name: 'Alice Kim', phone: null });
      expect(errorSet(third)).to.deep.equal(['member.phone UNDER_CORRECTION']);
      expect(JSON.stringify([staff, third])).to.not.include('010-1234-5678');

      const own = await me('phone corrections { id field status newValue }');
      expect(own.errors).to.equal(undefined);
      expect(own.data!.me.phone).to.equal('010-1234-5678');
      expect(own.data!.me.corrections).to.deep.equal([
        { id: correction.id, field: 'phone', status: 'OPEN', newValue: '010-1111-2222' },
      ]);
      expect((await knex()('member').first('phone').where({ id: ids.alice })).phone).to.equal('010-1234-5678');
    });

    it('lists the request for customer service', async () => {
      const res = await gql<{ openCorrections: Correction[] }>(
        t.url,
        '{ openCorrections { id memberId field status } }',
        {},
        asCs,
      );
      expect(res.data!.openCorrections).to.deep.equal([
        { id: correction.id, memberId: ids.alice, field: 'phone', status: 'OPEN' },
      ]);
      expect(await newestRow()).to.deep.include({
        member_id: ids.alice,
        action: 'VIEW',
        accessor_role: 'CS_AGENT',
        fields: ['correction:phone'],
      });
      expect(codes(await gql(t.url, '{ openCorrections { id } }', {}, self(alice)))).to.deep.equal(['FORBIDDEN']);
    });

    it('refuses a second open correction of the same field with CONFLICT and stores nothing', async () => {
      const before = await counts(t);
      expectError(await gql(t.url, REQUEST, { f: 'phone', v: '010-3333-4444', r: 'Again' }, self(alice)), 'CONFLICT');
      expect(await counts(t)).to.deep.equal(before);
    });

    it('does not let the member complete it as customer service (FORBIDDEN)', async () => {
      const before = await counts(t);
      expect(codes(await gql(t.url, COMPLETE, { id: correction.id }, self(alice)))).to.deep.equal(['FORBIDDEN']);
      expect(codes(await gql(t.url, REJECT, { id: correction.id }, self(alice)))).to.deep.equal(['FORBIDDEN']);
      expect(await counts(t)).to.deep.equal(before);
      expect(await status(correction.id)).to.equal('OPEN');
    });

    it('applies the new value when customer service completes it, and releases the hold', async () => {
      const res = await gql<{ completeCorrection: Correction }>(t.url, COMPLETE, { id: correction.id }, asCs);
      expect(res.errors).to.equal(undefined);
      expect(res.data!.completeCorrection).to.deep.include({
        id: correction.id,
        field: 'phone',
        newValue: '010-1111-2222',
        status: 'COMPLETED',
      });
      expect(res.data!.completeCorrection.resolvedAt).to.be.a('string');
      expect((await knex()('member').first('phone').where({ id: ids.alice })).phone).to.equal('010-1111-2222');
      const staff = await read('phone', asCs);
      expect(staff.errors).to.equal(undefined);
      expect(staff.data!.member.phone).to.equal('010-1111-2222');
      const third = await read('phone', { token: partner, purpose: 'MARKETING' });
      expect(third.data!.member.phone).to.equal('010-1111-2222');
      const logged = await knex()('access_log')
        .first('accessor_kind', 'accessor_role', 'fields')
        .where({ member_id: ids.alice, action: 'CHANGE' })
        .orderBy('seq', 'desc');
      expect(logged).to.deep.include({ accessor_kind: 'STAFF', accessor_role: 'CS_AGENT' });
      expect(codes(await gql(t.url, COMPLETE, { id: correction.id }, asCs)), 'completing twice').to.deep.equal([
        'NOT_FOUND',
      ]);
    });
  });

  describe('rejected by customer service', () => {
    it('releases the field unchanged', async () => {
      const req = await gql<{ requestCorrection: Correction }>(
        t.url,
        REQUEST,
        { f: 'address', v: '99 Elsewhere-ro', r: 'Wrong address' },
        self(alice),
      );
      const id = req.data!.requestCorrection.id;
      expect(errorSet(await read('address', { token: cs, purpose: 'ORDER_FULFILLMENT' }))).to.deep.equal([
        'member.address UNDER_CORRECTION',
      ]);
      const res = await gql<{ rejectCorrection: Correction }>(t.url, REJECT, { id }, asCs);
      expect(res.errors).to.equal(undefined);
      expect(res.data!.rejectCorrection).to.deep.include({ id, field: 'address', status: 'REJECTED' });
      expect(await newestRow()).to.deep.include({
        member_id: ids.alice,
        action: 'CHANGE',
        accessor_role: 'CS_AGENT',
        fields: ['correction:address'],
      });
      expect((await knex()('member').first('address').where({ id: ids.alice })).address).to.equal(
        '1 Teheran-ro, Gangnam-gu, Seoul',
      );
      const after = await read('address', { token: cs, purpose: 'ORDER_FULFILLMENT' });
      expect(after.errors).to.equal(undefined);
      expect(after.data!.member.address).to.equal('1 Teheran-ro, Gangnam-gu, Seoul');
      expect(
        codes(await gql(t.url, COMPLETE, { id }, asCs)),
        'a rejected correction cannot be completed',
      ).to.deep.equal(['NOT_FOUND']);
      expect((await knex()('member').first('address').where({ id: ids.alice })).address).to.equal(
        '1 Teheran-ro, Gangnam-gu, Seoul',
      );
    });
  });

  describe('completed by the member', () => {
    let id: string;
    before(async () => {
      const req = await gql<{ requestCorrection: Correction }>(
        t.url,
        REQUEST,
        { f: 'name', v: 'Alice Kim-Lee', r: 'Married' },
        self(alice),
      );
      id = req.data!.requestCorrection.id;
    });

    it('refuses a wrong password and changes nothing', async () => {
      const before = await counts(t);
      expectError(await gql(t.url, COMPLETE_MINE, { id, p: 'not-her-password' }, self(alice)), 'UNAUTHENTICATED');
      expect(await counts(t)).to.deep.equal(before);
      expect(await status(id)).to.equal('OPEN');
      expect((await knex()('member').first('name').where({ id: ids.alice })).name).to.equal('Alice Kim');
    });

    it('does not let another member complete it', async () => {
      expect(codes(await gql(t.url, COMPLETE_MINE, { id, p: 'demo-password' }, self(bob)))).to.deep.equal([
        'NOT_FOUND',
      ]);
      expect(await status(id)).to.equal('OPEN');
    });

    it('applies the value when the member confirms with their password', async () => {
      const res = await gql<{ completeMyCorrection: Correction }>(
        t.url,
        COMPLETE_MINE,
        { id, p: 'demo-password' },
        self(alice),
      );
      expect(res.errors).to.equal(undefined);
      expect(res.data!.completeMyCorrection).to.deep.equal({ id, field: 'name', status: 'COMPLETED' });
      const staff = await read('name', asCs);
      expect(staff.errors).to.equal(undefined);
      expect(staff.data!.member.name).to.equal('Alice Kim-Lee');
    });
  });

  describe('refused requests', () => {
    for (const [what, vars, field] of [
      ['a field that cannot be corrected', { f: 'bankAccount', v: '1234567890', r: 'x' }, 'field'],
      ['an unknown field', { f: 'shoeSize', v: '42', r: 'x' }, 'field'],
      ['an invalid new email', { f: 'email', v: 'not-an-email', r: 'typo' }, 'email'],
      ['an invalid new birth date', { f: 'birthDate', v: '1990-13-01', r: 'typo' }, 'birthDate'],
      ['an empty reason', { f: 'gender', v: 'FEMALE', r: '  ' }, 'reason'],
    ] as const) {
      it(`refuses ${what} with BAD_USER_INPUT naming ${field}, storing nothing`, async () => {
        const before = await counts(t);
        expectError(await gql(t.url, REQUEST, vars, self(alice)), 'BAD_USER_INPUT', field);
        expect(await counts(t)).to.deep.equal(before);
      });
    }

    it('a correction to an email another member uses fails as a CONFLICT (logged) and leaves the request open and the email unchanged', async () => {
      const req = await gql<{ requestCorrection: Correction }>(
        t.url,
        REQUEST,
        { f: 'email', v: 'bob@example.com', r: 'I want that one' },
        self(alice),
      );
      expect(req.errors).to.equal(undefined);
      const id = req.data!.requestCorrection.id;
      const before = await counts(t);
      const res = await gql(t.url, COMPLETE, { id }, asCs);
      expect({
        codes: codes(res),
        unchangedCounts: JSON.stringify(await counts(t)) === JSON.stringify(withConflictRows(before, 1)),
        status: await status(id),
        email: (await knex()('member').first('email').where({ id: ids.alice })).email,
      }).to.deep.equal({ codes: ['CONFLICT'], unchangedCounts: true, status: 'OPEN', email: 'alice@example.com' });
      await gql(t.url, REJECT, { id }, asCs);
    });
  });
});
