import { expect } from 'chai';
import { jsonList } from '../../src/db/json-list';
import { startGateway, type TestGateway } from '../helpers/gateway';
import { codes, gql, login } from '../helpers/http';
import { accessLogText, counts, expectError, iso, memberIds, withConflictRows } from './support';

const UPDATE =
  'mutation Update($input: ProfileInput!) { updateMyProfile(input: $input) { id name email phone address deliveryArea gender birthDate bankAccount cardNumber } }';
const DELETE =
  'mutation DeleteItems($fields: [String!]!) { deleteMyOptionalItems(fields: $fields) { id name email phone address deliveryArea gender birthDate bankAccount cardNumber } }';
const EXPORT = 'mutation Export { exportMyData }';
const CHANGE_PASSWORD =
  'mutation ChangePassword($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) }';

describe('§7 lifecycle: self-service', () => {
  let t: TestGateway;
  let ids: Record<string, string>;
  let alice: string;
  let bob: string;
  before(async () => {
    t = await startGateway();
    ids = await memberIds(t);
    alice = await login(t.url, 'alice');
    bob = await login(t.url, 'bob');
  });
  after(() => t.stop());

  const knex = () => t.gateway.services.knex;
  const self = (token: string) => ({ token, purpose: 'SELF_SERVICE' });
  const bobRow = () => knex()('member').first('*').where({ id: ids.bob });

  describe('updateMyProfile', () => {
    it('changes the member’s items, stores the bank account sealed and shows it masked', async () => {
      const res = await gql<{ updateMyProfile: Record<string, unknown> }>(
        t.url,
        UPDATE,
        {
          input: {
            phone: '010-9999-8888',
            address: '10 Gwangan-ro, Busan',
            deliveryArea: 'Busan-Suyeong',
            bankAccount: '333-444-555666',
          },
        },
        self(bob),
      );
      expect(res.errors).to.equal(undefined);
      expect(res.data!.updateMyProfile).to.deep.include({
        id: ids.bob,
        name: 'Bob Lee',
        email: 'bob@example.com',
        phone: '010-9999-8888',
        address: '10 Gwangan-ro, Busan',
        deliveryArea: 'Busan-Suyeong',
        bankAccount: '**********5666',
      });
      const row = await bobRow();
      expect(row).to.deep.include({
        phone: '010-9999-8888',
        address: '10 Gwangan-ro, Busan',
        delivery_area: 'Busan-Suyeong',
      });
      expect(row.bank_account_sealed).to.be.a('string');
      for (const part of ['333-444-555666', '555666', '333444555666'])
        expect(row.bank_account_sealed).to.not.include(part);
      expect(JSON.stringify(row)).to.not.include('555666');
      const me = await gql<{ me: { bankAccount: string } }>(t.url, '{ me { bankAccount } }', {}, self(bob));
      expect(me.data!.me.bankAccount).to.equal('**********5666');
      const staffRead = await gql(
        t.url,
        'query($id: ID!) { member(id: $id) { name } }',
        { id: ids.bob },
        { token: await login(t.url, 'cs-agent'), purpose: 'MEMBER_MANAGEMENT' },
      );
      expect(JSON.stringify(staffRead)).to.not.include('555666');
      const logged = await knex()('access_log')
        .first('fields')
        .where({ member_id: ids.bob, action: 'CHANGE' })
        .orderBy('seq', 'desc');
      const fields = typeof logged.fields === 'string' ? JSON.parse(logged.fields) : logged.fields;
      expect([...fields].sort()).to.deep.equal(['address', 'bankAccount', 'deliveryArea', 'phone']);
      const log = await accessLogText(t);
      for (const v of ['010-9999-8888', '10 Gwangan-ro', 'Busan-Suyeong', '555666']) expect(log).to.not.include(v);
    });

    for (const [what, input, field] of [
      ['an email that is not one', { email: 'bob-at-example' }, 'email'],
      ['a phone that is not one', { phone: 'abc' }, 'phone'],
      ['an unknown gender', { gender: 'male' }, 'gender'],
      ['an impossible birth date', { birthDate: '2001-02-29' }, 'birthDate'],
      ['an empty name', { name: '' }, 'name'],
      ['a valid address with an invalid email', { address: 'Should not be stored', email: 'nope' }, 'email'],
      ['nothing at all', {}, 'input'],
    ] as const) {
      it(`refuses ${what} with BAD_USER_INPUT naming ${field} and changes nothing`, async () => {
        const before = { row: await bobRow(), counts: await counts(t) };
        expectError(await gql(t.url, UPDATE, { input }, self(bob)), 'BAD_USER_INPUT', field);
        expect(await bobRow()).to.deep.equal(before.row);
        expect(await counts(t)).to.deep.equal(before.counts);
      });
    }

    it('answers CONFLICT for another member’s email and changes nothing but its log row', async () => {
      const before = { row: await bobRow(), counts: await counts(t) };
      expectError(
        await gql(t.url, UPDATE, { input: { email: 'Alice@Example.com', phone: '010-0000-1111' } }, self(bob)),
        'CONFLICT',
      );
      expect(await bobRow()).to.deep.equal(before.row);
      expect(await counts(t)).to.deep.equal(withConflictRows(before.counts, 1));
    });

    it('is not open to staff, or under a purpose other than SELF_SERVICE', async () => {
      const cs = await login(t.url, 'cs-agent');
      expect(
        codes(
          await gql(t.url, UPDATE, { input: { phone: '010-1111-1111' } }, { token: cs, purpose: 'MEMBER_MANAGEMENT' }),
        ),
      ).to.deep.equal(['FORBIDDEN']);
      expect(codes(await gql(t.url, UPDATE, { input: { phone: '010-1111-1111' } }, { token: bob }))).to.deep.equal([
        'PURPOSE_REQUIRED',
      ]);
      expect(codes(await gql(t.url, UPDATE, { input: { phone: '010-1111-1111' } }))).to.deep.equal(['UNAUTHENTICATED']);
      expect((await bobRow()).phone).to.equal('010-9999-8888');
    });
  });

  describe('deleteMyOptionalItems', () => {
    for (const fields of [['name'], ['email'], ['loginId'], ['phone', 'name'], ['address', 'shoeSize'], []]) {
      it(`refuses ${JSON.stringify(fields)} with BAD_USER_INPUT and deletes nothing`, async () => {
        const before = { row: await bobRow(), counts: await counts(t) };
        const res = await gql(t.url, DELETE, { fields }, self(bob));
        const wrong = fields.find((f) => !['phone', 'address'].includes(f));
        expectError(res, 'BAD_USER_INPUT', wrong ?? 'fields');
        expect(await bobRow()).to.deep.equal(before.row);
        expect(await counts(t)).to.deep.equal(before.counts);
      });
    }

    it('deletes optional items, which then read null, and logs a DELETE with their names', async () => {
      const res = await gql<{ deleteMyOptionalItems: Record<string, unknown> }>(
        t.url,
        DELETE,
        { fields: ['phone', 'address', 'bankAccount', 'gender'] },
        self(bob),
      );
      expect(res.errors).to.equal(undefined);
      expect(res.data!.deleteMyOptionalItems).to.deep.include({
        name: 'Bob Lee',
        email: 'bob@example.com',
        phone: null,
        address: null,
        bankAccount: null,
        gender: null,
        deliveryArea: 'Busan-Suyeong',
      });
      expect(await bobRow()).to.deep.include({
        phone: null,
        address: null,
        bank_account_sealed: null,
        gender: null,
        delivery_area: 'Busan-Suyeong',
        name: 'Bob Lee',
      });
      const logged = await knex()('access_log')
        .first('fields')
        .where({ member_id: ids.bob, action: 'DELETE' })
        .orderBy('seq', 'desc');
      const fields = typeof logged.fields === 'string' ? JSON.parse(logged.fields) : logged.fields;
      expect([...fields].sort()).to.deep.equal(['address', 'bankAccount', 'gender', 'phone']);
    });
  });

  describe('exportMyData', () => {
    before(async () => {
      // Give alice something in every section: a correction, a complaint with an answer, a cookie choice.
      const corr = await gql<{ requestCorrection: { id: string } }>(
        t.url,
        'mutation { requestCorrection(field: "deliveryArea", newValue: "Seoul-Gangnam", reason: "I moved within Seoul") { id } }',
        {},
        self(alice),
      );
      expect(corr.errors).to.equal(undefined);
      const cs = await login(t.url, 'cs-agent');
      expect(
        (
          await gql(
            t.url,
            'mutation($id: ID!) { rejectCorrection(id: $id) { status } }',
            { id: corr.data!.requestCorrection.id },
            { token: cs, purpose: 'MEMBER_MANAGEMENT' },
          )
        ).errors,
      ).to.equal(undefined);
      const complaint = await gql<{ submitComplaint: { id: string } }>(
        t.url,
        'mutation { submitComplaint(subject: "Too many emails", body: "Please stop the newsletter", contact: "alice.alt@example.com") { id } }',
        {},
        { token: alice },
      );
      expect(complaint.errors).to.equal(undefined);
      const po = await login(t.url, 'privacy-officer');
      expect(
        (
          await gql(
            t.url,
            'mutation($id: ID!) { answerComplaint(id: $id, answer: "Unsubscribed you") { status } }',
            { id: complaint.data!.submitComplaint.id },
            { token: po, purpose: 'MEMBER_MANAGEMENT' },
          )
        ).errors,
      ).to.equal(undefined);
      expect(
        (
          await gql(
            t.url,
            'mutation($id: ID!) { closeComplaint(id: $id) { status } }',
            { id: complaint.data!.submitComplaint.id },
            { token: po, purpose: 'MEMBER_MANAGEMENT' },
          )
        ).errors,
      ).to.equal(undefined);
      expect(
        (
          await gql(
            t.url,
            'mutation { setCookiePreferences(personalised: true) { personalised } }',
            {},
            { token: alice },
          )
        ).errors,
      ).to.equal(undefined);
      // Someone else reads her, so her access history has another accessor.
      const read = await gql(
        t.url,
        'query($id: ID!) { member(id: $id) { name } }',
        { id: ids.alice },
        { token: cs, purpose: 'MEMBER_MANAGEMENT' },
      );
      expect(read.errors).to.equal(undefined);
    });

    let exported: Record<string, unknown>;
    it('returns everything held about the member, logged as a DOWNLOAD', async () => {
      const before = Number((await knex()('access_log').max({ m: 'seq' }).first())?.m ?? 0);
      const res = await gql<{ exportMyData: Record<string, unknown> }>(t.url, EXPORT, {}, self(alice));
      expect(res.errors).to.equal(undefined);
      exported = res.data!.exportMyData;
      expect(exported.profile).to.deep.include({
        id: ids.alice,
        loginId: 'alice',
        name: 'Alice Kim',
        email: 'alice@example.com',
        phone: '010-1234-5678',
        address: '1 Teheran-ro, Gangnam-gu, Seoul',
        deliveryArea: 'Seoul',
        gender: 'FEMALE',
        bankAccount: '110-123-456789',
        cardNumber: '4111111111111111',
        signupIp: '203.0.113.10',
        browser: 'Firefox 132',
        os: 'Linux',
        inflowRoute: 'search',
      });
      const rows = (await knex()('access_log').select('*').where('seq', '>', before)) as Record<string, unknown>[];
      expect(rows.map((r) => [r.member_id, r.action, r.accessor_id])).to.deep.equal([
        [ids.alice, 'DOWNLOAD', ids.alice],
      ]);
      // Every profile field and every section that holds entries is named in the row.
      const sections = Object.entries(exported)
        .filter(([k, v]) => k !== 'profile' && (Array.isArray(v) ? v.length > 0 : typeof v === 'object' && v !== null))
        .map(([k]) => k);
      expect(sections).to.include.members(['consents', 'accessHistory']);
      expect(jsonList(rows[0]!.fields)).to.have.members([...Object.keys(exported.profile as object), ...sections]);
      const log = await accessLogText(t);
      for (const v of ['110-123-456789', '4111111111111111', 'Unsubscribed you']) expect(log).to.not.include(v);
    });

    it('holds every stored value of the member’s rows in every table', async () => {
      const text = JSON.stringify(exported);
      const missing: string[] = [];
      const has = (table: string, column: string, value: unknown) => {
        if (value == null) return;
        const shown = /_at$/.test(column)
          ? iso(value)!
          : typeof value === 'boolean' || typeof value === 'number'
            ? null
            : String(value);
        if (shown !== null && !text.includes(JSON.stringify(shown).slice(1, -1)))
          missing.push(`${table}.${column} = ${shown}`);
      };
      const skip = new Set([
        'id',
        'member_id',
        'child_id',
        'password_hash',
        'session_version',
        'wrapped_data_key',
        'bank_account_sealed',
        'card_number_sealed',
      ]);
      const tables: [string, Record<string, unknown>][] = [
        ['member', { id: ids.alice }],
        ['consent', { member_id: ids.alice }],
        ['correction_request', { member_id: ids.alice }],
        ['complaint', { member_id: ids.alice }],
        ['cookie_preference', { member_id: ids.alice }],
      ];
      for (const [table, where] of tables) {
        const rows = (await knex()(table).select('*').where(where)) as Record<string, unknown>[];
        expect(rows.length, table).to.be.greaterThan(0);
        for (const row of rows)
          for (const [column, value] of Object.entries(row)) if (!skip.has(column)) has(table, column, value);
      }
      expect(missing, 'stored values the export leaves out').to.deep.equal([]);
      const sections = exported as {
        consents: unknown[];
        corrections: unknown[];
        complaints: Record<string, unknown>[];
        cookiePreference: Record<string, unknown>;
        accessHistory: Record<string, unknown>[];
      };
      expect(sections.consents).to.have.length(3);
      expect(sections.corrections).to.have.length(1);
      expect(sections.complaints.map((c) => [c.subject, c.status, c.answer])).to.deep.equal([
        ['Too many emails', 'CLOSED', 'Unsubscribed you'],
      ]);
      expect(sections.cookiePreference).to.deep.include({ personalised: true });
      const historyRows = Number(
        (await knex()('access_log').where({ member_id: ids.alice }).count({ n: '*' }).first())?.n,
      );
      // The export's own DOWNLOAD row is written with it; everything before it is in the export.
      expect(sections.accessHistory.length).to.be.within(historyRows - 1, historyRows);
      expect(sections.accessHistory.map((h) => h.accessorKind)).to.include('STAFF');
    });

    it('holds nothing about any other member', async () => {
      const text = JSON.stringify(exported);
      const others = (await knex()('member').select('*').whereNot({ id: ids.alice })) as Record<string, unknown>[];
      for (const m of others) {
        for (const column of ['id', 'login_id', 'name', 'email', 'phone', 'address']) {
          const v = m[column];
          if (typeof v === 'string' && v.length > 3) expect(text, `${m.login_id}.${column}`).to.not.include(v);
        }
      }
      for (const v of ['Soyeon Park', 'soyeon.park@example.com', 'Jiho Choi', 'jiho.choi@example.com'])
        expect(text).to.not.include(v);
    });

    it('is not open without SELF_SERVICE, nor to staff', async () => {
      const cs = await login(t.url, 'cs-agent');
      expect(codes(await gql(t.url, EXPORT, {}, { token: alice }))).to.deep.equal(['PURPOSE_REQUIRED']);
      expect(
        codes(
          await gql(
            t.url,
            'mutation($id: ID) { exportMyData(memberId: $id) }',
            { id: ids.alice },
            { token: cs, purpose: 'MEMBER_MANAGEMENT' },
          ),
        ),
      ).to.deep.equal(['FORBIDDEN']);
      expect(
        codes(await gql(t.url, 'mutation($id: ID) { exportMyData(memberId: $id) }', { id: ids.alice }, self(bob))),
      ).to.deep.equal(['NOT_FOUND']);
    });
  });

  describe('changePassword', () => {
    it('refuses a wrong current password and changes nothing', async () => {
      const before = await bobRow();
      expectError(
        await gql(t.url, CHANGE_PASSWORD, { c: 'not-bobs-password', n: 'bob-new-password-1' }, self(bob)),
        'UNAUTHENTICATED',
      );
      expect(await bobRow()).to.deep.equal(before);
      expect((await gql(t.url, '{ me { name } }', {}, self(bob))).errors).to.equal(undefined);
    });

    it('refuses a new password shorter than 10 characters and changes nothing', async () => {
      const before = await bobRow();
      expectError(
        await gql(t.url, CHANGE_PASSWORD, { c: 'demo-password', n: 'short' }, self(bob)),
        'BAD_USER_INPUT',
        'newPassword',
      );
      expect(await bobRow()).to.deep.equal(before);
      expect((await gql(t.url, '{ me { name } }', {}, self(bob))).errors).to.equal(undefined);
    });

    it('changes the password and revokes every existing token', async () => {
      const second = await login(t.url, 'bob');
      const res = await gql<{ changePassword: boolean }>(
        t.url,
        CHANGE_PASSWORD,
        { c: 'demo-password', n: 'bob-new-password-1' },
        self(bob),
      );
      expect(res.errors).to.equal(undefined);
      expect(res.data!.changePassword).to.equal(true);
      for (const token of [bob, second])
        expect(codes(await gql(t.url, '{ me { name } }', {}, self(token)))).to.deep.equal(['UNAUTHENTICATED']);
      expect(
        codes(await gql(t.url, 'mutation { login(loginId: "bob", password: "demo-password") { accessToken } }')),
      ).to.deep.equal(['UNAUTHENTICATED']);
      const fresh = await login(t.url, 'bob', 'bob-new-password-1');
      const me = await gql<{ me: { name: string } }>(t.url, '{ me { name } }', {}, self(fresh));
      expect(me.data!.me.name).to.equal('Bob Lee');
      expect(await accessLogText(t)).to.not.include('bob-new-password-1');
    });
  });
});
