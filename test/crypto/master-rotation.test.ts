import { expect } from 'chai';
import path from 'node:path';
import { createHmac } from 'node:crypto';
import { execFile } from 'node:child_process';
import type { Knex } from '@mikro-orm/knex';
import { sharedDatabase, type SharedDatabase } from '../helpers/shared-database';
import { gql, login } from '../helpers/http';
import { withdraw } from '../retention/support';
import { newMasterKey } from '../../src/crypto/generate-keys';
import { masterKeyFingerprint } from '../../src/crypto/master-key';
import { rotateMasterKey } from '../../src/crypto/master-rotation';
import { decryptField, unwrapDataKey } from '../../src/crypto/field-cipher';

const ROOT = path.resolve(__dirname, '../..');
const BANK = '{ me { bankAccount } }';
type Wrapped = { members: Record<string, string>; retained: Record<string, string>; derived: Record<string, string> };

/** `npm run keys:rotate-master` as an operator runs it, on this database. */
function rotateCommand(
  db: SharedDatabase,
  env: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const { dataDir, dbUrl } = db.config();
  const childEnv: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, ...env };
  delete childEnv.DB_URL;
  if (dbUrl) childEnv.DB_URL = dbUrl;
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', 'src/tools/rotate-master.ts'],
      { cwd: ROOT, env: childEnv },
      (err, stdout, stderr) => {
        resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
      },
    );
  });
}

describe('master-key rotation', () => {
  let db: SharedDatabase;
  const oldKey = newMasterKey();
  const newKey = newMasterKey();
  const key = (b64: string) => Buffer.from(b64, 'base64');
  let bankAccount: string;
  let codeKey: Buffer;
  let original: Wrapped;
  let sealed: unknown[];

  const wrapped = (knex: Knex): Promise<Wrapped> =>
    Promise.all([
      knex('member').select('id', 'wrapped_data_key as w').whereNotNull('wrapped_data_key'),
      knex('retention.retained_record').select('id', 'wrapped_key as w'),
      knex('key_state').select('name as id', 'value as w').where('name', 'like', 'derived%'),
    ]).then(([m, r, d]) => {
      const byId = (rows: { id: string; w: string }[]) => Object.fromEntries(rows.map((x) => [x.id, x.w]));
      return { members: byId(m), retained: byId(r), derived: byId(d) };
    });
  const sealedData = (knex: Knex) =>
    Promise.all([
      knex('member').select('id', 'bank_account_sealed', 'card_number_sealed').orderBy('id'),
      knex('retention.retained_record').select('id', 'payload').orderBy('id'),
    ]);
  const state = (name: string) =>
    db.open((knex) =>
      knex('key_state')
        .first('value')
        .where({ name })
        .then((r) => r?.value as string | undefined),
    );
  const refusal = (masterKey: string) =>
    db.start({ MASTER_KEY: masterKey }).then(
      async (t) => {
        await t.stop();
        return null;
      },
      (e: unknown) => e as Error,
    );

  async function readBankAccount(masterKey: string): Promise<string | null> {
    const t = await db.start({ MASTER_KEY: masterKey });
    try {
      const res = await gql<{ me: { bankAccount: string | null } }>(
        t.url,
        BANK,
        {},
        { token: await login(t.url, 'alice'), purpose: 'SELF_SERVICE' },
      );
      expect(res.errors, JSON.stringify(res.errors)).to.equal(undefined);
      codeKey = t.gateway.services.codeKey;
      return res.data!.me.bankAccount;
    } finally {
      await t.stop();
    }
  }

  // Alice (seeded) and minji with a bank account, and bob withdrawn: his records sealed in the retention store.
  before(async () => {
    db = await sharedDatabase();
    const t = await db.start({ MASTER_KEY: oldKey });
    try {
      const res = await gql(
        t.url,
        'mutation { updateMyProfile(input: { bankAccount: "333-22-1111" }) { name } }',
        {},
        { token: await login(t.url, 'minji'), purpose: 'SELF_SERVICE' },
      );
      expect(res.errors, JSON.stringify(res.errors)).to.equal(undefined);
      await withdraw(t, 'bob');
    } finally {
      await t.stop();
    }
    bankAccount = (await readBankAccount(oldKey))!;
    expect(bankAccount).to.match(/6789$/);
    original = await db.open(wrapped);
    sealed = await db.open(sealedData);
    expect(Object.keys(original.members)).to.have.length.greaterThan(1);
    expect(Object.keys(original.retained)).to.have.length.greaterThan(0);
    expect(Object.keys(original.derived)).to.have.length(2);
  });
  after(() => db.drop());

  it('interrupted, leaves the rotation marked, and the gateway starts with neither key meanwhile', async () => {
    const report = await db.open((knex) =>
      rotateMasterKey(knex, key(oldKey), key(newKey), { batchSize: 1, maxBatches: 1 }),
    );
    expect(report.finished).to.equal(false);
    expect(report.sources['member data keys']).to.deep.include({ rewrapped: 1, skipped: 0 });
    expect(await state('master_key_rotation')).to.equal(masterKeyFingerprint(key(newKey)));
    expect(await state('master_key_fingerprint')).to.equal(masterKeyFingerprint(key(oldKey)));
    for (const k of [oldKey, newKey]) {
      const error = await refusal(k);
      expect(String(error)).to.include('A master-key rotation of this database is unfinished');
      expect(String(error)).to.include('npm run keys:rotate-master');
    }
  });

  it('refuses to resume towards another key', async () => {
    const error = await db
      .open((knex) => rotateMasterKey(knex, key(oldKey), key(newMasterKey())))
      .catch((e: unknown) => e);
    expect(String(error)).to.include('An unfinished rotation of this database goes to another key');
  });

  it('resumes with npm run keys:rotate-master: skips what is done, re-wraps the rest, prints a summary', async function () {
    this.timeout(120_000);
    const { code, stdout, stderr } = await rotateCommand(db, { MASTER_KEY: oldKey, NEW_MASTER_KEY: newKey });
    expect(code, stderr).to.equal(0);
    const members = Object.keys(original.members).length;
    expect(stdout).to.include(`member data keys: re-wrapped ${members - 1}, skipped 1 (already under the new key)`);
    expect(stdout).to.include(`retained-record keys: re-wrapped ${Object.keys(original.retained).length}, skipped 0`);
    expect(stdout).to.include('derived secrets: re-wrapped 2, skipped 0');
    expect(stdout).to.include('rotation finished');
    expect(stderr).to.match(/member data keys: re-wrapped \d+, skipped \d+/);
    expect(await state('master_key_rotation')).to.equal(undefined);
    expect(await state('master_key_fingerprint')).to.equal(masterKeyFingerprint(key(newKey)));
  });

  it('re-wrapped every key under the new master key and left the sealed data as it was', async () => {
    const after = await db.open(wrapped);
    for (const group of ['members', 'retained', 'derived'] as const) {
      expect(Object.keys(after[group]).sort()).to.deep.equal(Object.keys(original[group]).sort());
      for (const [id, w] of Object.entries(after[group])) {
        expect(w, `${group} ${id}`).to.not.equal(original[group][id]);
        expect(
          unwrapDataKey(key(newKey), w, id).equals(unwrapDataKey(key(oldKey), original[group][id]!, id)),
          `${group} ${id}`,
        ).to.equal(true);
      }
    }
    expect(await db.open(sealedData)).to.deep.equal(sealed);
    const record = await db.open((knex) => knex('retention.retained_record').first('id', 'wrapped_key', 'payload'));
    expect(
      JSON.parse(
        decryptField(unwrapDataKey(key(newKey), record.wrapped_key, record.id), record.id, 'payload', record.payload),
      ),
    ).to.be.an('object');
  });

  it('the gateway starts with the new key and reads the encrypted field over HTTP; the derived secrets did not change', async () => {
    const previous = codeKey;
    expect(await readBankAccount(newKey)).to.equal(bankAccount);
    expect(codeKey.equals(previous)).to.equal(true);
  });

  it('refuses the old key from now on', async () => {
    expect(String(await refusal(oldKey))).to.include(
      'MASTER_KEY does not match the key this database was first started with',
    );
  });

  it('run again, does nothing', async () => {
    const report = await db.open((knex) => rotateMasterKey(knex, key(oldKey), key(newKey)));
    expect(report.alreadyRotated).to.equal(true);
  });

  it('refuses a current key that is not the database’s', async () => {
    const error = await db
      .open((knex) => rotateMasterKey(knex, key(oldKey), key(newMasterKey())))
      .catch((e: unknown) => e);
    expect(String(error)).to.include('MASTER_KEY does not match');
    expect(await state('master_key_rotation')).to.equal(undefined);
  });
});

describe('master-key rotation of a database from before stored keys (upgrade)', () => {
  let db: SharedDatabase;
  const oldKey = newMasterKey();
  const newKey = newMasterKey();
  before(async () => {
    db = await sharedDatabase();
    await (await db.start({ MASTER_KEY: oldKey })).stop();
    await db.open((knex) => knex('key_state').del());
  });
  after(() => db.drop());

  it('keeps the secrets derived from the old key: the provision ledger’s fingerprints still match', async () => {
    await db.open((knex) => rotateMasterKey(knex, Buffer.from(oldKey, 'base64'), Buffer.from(newKey, 'base64')));
    const t = await db.start({ MASTER_KEY: newKey });
    try {
      const derived = createHmac('sha256', Buffer.from(oldKey, 'base64')).update('verification-codes').digest();
      expect(t.gateway.services.codeKey.equals(derived)).to.equal(true);
      const res = await gql<{ me: { bankAccount: string } }>(
        t.url,
        BANK,
        {},
        { token: await login(t.url, 'alice'), purpose: 'SELF_SERVICE' },
      );
      expect(res.data?.me.bankAccount).to.match(/6789$/);
    } finally {
      await t.stop();
    }
  });
});
