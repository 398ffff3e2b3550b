import { expect } from 'chai';
import { createHmac } from 'node:crypto';
import { sharedDatabase, type SharedDatabase } from '../helpers/shared-database';
import { gql, login } from '../helpers/http';
import { newMasterKey } from '../../src/crypto/generate-keys';
import { masterKeyFingerprint } from '../../src/crypto/master-key';
import { withStore } from '../../src/tools/open-store';

/** Masked under SELF_SERVICE, but its last digits are decrypted: it reads only if the data key unwraps. */
const BANK = '{ me { bankAccount } }';
const MISMATCH = 'MASTER_KEY does not match the key this database was first started with (fingerprint ';

/** The environment variables set for the duration of `fn` (maintenance commands read process.env). */
async function withEnv<T>(env: Record<string, string>, fn: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  try {
    return await fn();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

describe('master key fingerprint', () => {
  let db: SharedDatabase;
  const original = newMasterKey();
  const other = newMasterKey();
  const key = (b64: string) => Buffer.from(b64, 'base64');
  before(async () => {
    db = await sharedDatabase();
  });
  after(() => db.drop());

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

  async function readsBankAccount(masterKey: string): Promise<string | null> {
    const t = await db.start({ MASTER_KEY: masterKey });
    try {
      const res = await gql<{ me: { bankAccount: string | null } }>(
        t.url,
        BANK,
        {},
        { token: await login(t.url, 'alice'), purpose: 'SELF_SERVICE' },
      );
      expect(res.errors, JSON.stringify(res.errors)).to.equal(undefined);
      return res.data!.me.bankAccount;
    } finally {
      await t.stop();
    }
  }

  it('records a keyed fingerprint of the master key at first start, never the key', async () => {
    expect(await readsBankAccount(original)).to.equal('**********6789');
    const recorded = await state('master_key_fingerprint');
    expect(recorded).to.equal(createHmac('sha256', key(original)).update('master-key-fingerprint').digest('hex'));
    const everything = JSON.stringify(await db.open((knex) => knex('key_state').select('*')));
    expect(everything).to.not.include(original);
    expect(everything).to.not.include(key(original).toString('hex'));
  });

  it('refuses at start another MASTER_KEY, naming it and the way out, and starts again with the original', async () => {
    const error = await refusal(other);
    expect(error, 'the start must be refused').to.be.instanceOf(Error);
    expect(error!.message).to.include(MISMATCH + masterKeyFingerprint(key(original)).slice(0, 16));
    expect(error!.message).to.include('start with the original key, or rotate with npm run keys:rotate-master');
    expect(await readsBankAccount(original)).to.equal('**********6789');
  });

  it('refuses the foreign key in the maintenance commands too (withStore)', async () => {
    const env = (masterKey: string) => ({
      DATA_DIR: db.config().dataDir,
      ...(db.config().dbUrl ? { DB_URL: db.config().dbUrl! } : {}),
      MASTER_KEY: masterKey,
    });
    const refused = await withEnv(env(other), () => withStore(async () => 'opened')).catch((e: unknown) => e as Error);
    expect(String(refused)).to.include(MISMATCH);
    expect(
      await withEnv(env(original), () => withStore(async ({ knex }) => (await knex('member').count({ n: '*' }))[0]!.n)),
    ).to.not.equal(undefined);
  });

  it('stores the derived secrets once, wrapped under the master key, as the derivation used before them', async () => {
    const t = await db.start({ MASTER_KEY: original });
    try {
      const derive = (label: string) => createHmac('sha256', key(original)).update(label).digest();
      expect(t.gateway.services.codeKey.equals(derive('verification-codes'))).to.equal(true);
      const rows = (await t.gateway.services
        .knex('key_state')
        .select('name', 'value')
        .where('name', 'like', 'derived%')
        .orderBy('name')) as { name: string; value: string }[];
      expect(rows.map((r) => r.name)).to.deep.equal([
        'derived_key:access-log-client-ip',
        'derived_key:verification-codes',
      ]);
      for (const r of rows) expect(r.value).to.not.include(derive(r.name.split(':')[1]!).toString('base64'));
    } finally {
      await t.stop();
    }
  });

  describe('a database from before fingerprints (upgrade)', () => {
    before(() => db.open((knex) => knex('key_state').where({ name: 'master_key_fingerprint' }).del()));

    it('refuses a key that cannot unwrap its existing data keys, recording nothing', async () => {
      const error = await refusal(other);
      expect(String(error)).to.include('MASTER_KEY cannot unwrap the data keys this database already holds');
      expect(await state('master_key_fingerprint')).to.equal(undefined);
    });

    it('adopts the key that unwraps them', async () => {
      expect(await readsBankAccount(original)).to.equal('**********6789');
      expect(await state('master_key_fingerprint')).to.equal(masterKeyFingerprint(key(original)));
      expect(String(await refusal(other))).to.include(MISMATCH);
    });
  });
});
