import { expect } from 'chai';
import { decodeProtectedHeader, type JWK } from 'jose';
import { sharedDatabase, type SharedDatabase } from '../helpers/shared-database';
import type { TestGateway } from '../helpers/gateway';
import { codes, gql } from '../helpers/http';
import { newMasterKey, newSigningJwk } from '../../src/crypto/generate-keys';
import { ACCESS_TOKEN_TTL_SECONDS } from '../../src/auth/tokens';
import { AUTOLOGIN_TTL_SECONDS } from '../../src/auth/autologin';
import { checkCheckpoint, signCheckpoint } from '../../src/audit/checkpoint';
import { verifyChain } from '../../src/audit/verify';
import { signAnchor } from '../../src/audit/anchor';

const LOGIN =
  'mutation Login($l: String!) { login(loginId: $l, password: "demo-password", remember: true) { accessToken autologinToken } }';
const AUTOLOGIN = 'mutation Autologin($t: String!) { autologin(autologinToken: $t) { accessToken } }';
const SET_COOKIES = 'mutation { setCookiePreferences(personalised: true) { personalised } }';

describe('signing-key rotation', () => {
  let db: SharedDatabase;
  let t: TestGateway | undefined;
  let current = Date.now();
  const clock = { now: () => new Date(current) };
  const masterKey = newMasterKey();
  let oldKey: JWK;
  let newKey: JWK;
  const old = { access: '', autologin: '', checkpoint: '', anchor: { seq: 0, hash: '', signature: '' } };

  before(async () => {
    db = await sharedDatabase();
    oldKey = await newSigningJwk(new Date());
    newKey = await newSigningJwk(new Date());
  });
  after(async () => {
    await t?.stop();
    await db.drop();
  });

  const startOn = (key: JWK) => db.start({ MASTER_KEY: masterKey, SIGNING_KEY: JSON.stringify(key) }, { clock });
  const me = (token: string) =>
    gql<{ me: { name: string } }>(t!.url, '{ me { name } }', {}, { token, purpose: 'SELF_SERVICE' });
  const autologin = (token: string) => gql<{ autologin: { accessToken: string } }>(t!.url, AUTOLOGIN, { t: token });
  const jwksKids = async (g = t!) =>
    ((await (await fetch(`${g.url}/.well-known/jwks.json`)).json()) as { keys: JWK[] }).keys.map((k) => k.kid);
  const loginAlice = async () =>
    (await gql<{ login: { accessToken: string; autologinToken: string | null } }>(t!.url, LOGIN, { l: 'alice' })).data!
      .login;
  const recorded = () =>
    t!.gateway.services.knex('signing_key').select('kid', 'superseded_at').orderBy('first_used_at');

  it('records the signing key at first start, signing with its kid', async () => {
    t = await startOn(oldKey);
    const first = await loginAlice();
    await gql(t.url, SET_COOKIES, {}, { token: first.accessToken });
    const { accessToken, autologinToken } = await loginAlice();
    old.access = accessToken;
    old.autologin = autologinToken!;
    expect((await me(old.access)).data?.me.name).to.equal('Alice Kim');
    const { knex, keys } = t.gateway.services;
    old.checkpoint = (await signCheckpoint(knex, keys, clock.now()))!.jws;
    const head = await knex('access_log').first('seq', 'hash').orderBy('seq', 'desc');
    old.anchor = {
      seq: Number(head.seq),
      hash: head.hash,
      signature: await signAnchor(keys, { seq: Number(head.seq), hash: head.hash }),
    };
    expect(decodeProtectedHeader(old.access).kid).to.equal(oldKey.kid);
    expect(await recorded()).to.deep.equal([{ kid: oldKey.kid, superseded_at: null }]);
    expect(await jwksKids()).to.deep.equal([oldKey.kid]);
  });

  it('a new key signs from its first start and supersedes the old one, which still verifies the tokens it signed', async () => {
    // The replica on the old key keeps running while another starts on the new one (a rolling restart).
    const stale = t!;
    current += 60_000;
    t = await startOn(newKey);
    const fresh = (await loginAlice()).accessToken;
    expect((await stale.gateway.services.tokens.verify(fresh)).sub, 'an unknown kid reloads the recorded keys').to.be.a(
      'string',
    );
    expect(await jwksKids(stale)).to.have.members([oldKey.kid, newKey.kid]);
    await stale.stop();
    const rows = await recorded();
    expect(rows.map((r) => r.kid)).to.deep.equal([oldKey.kid, newKey.kid]);
    expect(new Date(rows[0]!.superseded_at).getTime()).to.equal(current);
    expect(rows[1]!.superseded_at).to.equal(null);
    expect(decodeProtectedHeader((await loginAlice()).accessToken).kid).to.equal(newKey.kid);
    expect((await me(old.access)).data?.me.name).to.equal('Alice Kim');
    expect(await jwksKids()).to.have.members([newKey.kid, oldKey.kid]);
  });

  it('one access-token lifetime after the rotation: the old access token is refused and JWKS lists the new key only', async () => {
    current += ACCESS_TOKEN_TTL_SECONDS * 1000 - 1000;
    expect((await me(old.access)).data?.me.name, 'a second before the window closes').to.equal('Alice Kim');
    current += 1000;
    const res = await me(old.access);
    expect(res.status).to.equal(401);
    expect(codes(res)).to.deep.equal(['UNAUTHENTICATED']);
    expect(await jwksKids()).to.deep.equal([newKey.kid]);
    expect((await me((await loginAlice()).accessToken)).data?.me.name).to.equal('Alice Kim');
  });

  it('the old key still verifies autologin tokens until their lifetime has passed too', async () => {
    expect(codes(await autologin(old.autologin))).to.deep.equal([]);
    const fresh = (await loginAlice()).autologinToken!;
    current += AUTOLOGIN_TTL_SECONDS * 1000 - ACCESS_TOKEN_TTL_SECONDS * 1000;
    expect(codes(await autologin(old.autologin))).to.deep.equal(['UNAUTHENTICATED']);
    expect(codes(await autologin(fresh)), 'one the new key signed still works').to.deep.equal([]);
  });

  it('checkpoints and anchors signed before the rotation still verify, by their kid', async () => {
    const { knex, keys } = t!.gateway.services;
    expect(decodeProtectedHeader(old.checkpoint).kid).to.equal(oldKey.kid);
    expect(await checkCheckpoint(knex, keys, old.checkpoint)).to.deep.include({ ok: true });
    // The chain verifies from its newest anchor: one the old key signed must still hold.
    expect(decodeProtectedHeader(old.anchor.signature).kid).to.equal(oldKey.kid);
    await knex('access_log_anchor').insert({ ...old.anchor, purged_at: clock.now(), purged_rows: 0 });
    try {
      expect(await verifyChain(knex, keys.verifyKey)).to.deep.include({ ok: true });
      await knex('access_log_anchor').where({ seq: old.anchor.seq }).update({ signature: old.checkpoint });
      expect(await verifyChain(knex, keys.verifyKey), 'a signature of another statement does not').to.deep.include({
        ok: false,
      });
    } finally {
      await knex('access_log_anchor').where({ seq: old.anchor.seq }).del();
    }
  });

  it('refuses to start again with the retired key, or with a kid recorded for another key', async () => {
    await t!.stop();
    t = undefined;
    const refused = (key: JWK) =>
      db.start({ MASTER_KEY: masterKey, SIGNING_KEY: JSON.stringify(key) }, { clock }).then(
        async (g) => {
          await g.stop();
          return null;
        },
        (e: unknown) => e as Error,
      );
    const retired = await refused(oldKey);
    expect(String(retired)).to.include(`SIGNING_KEY (kid "${oldKey.kid}") was retired`);
    const impostor = { ...(await newSigningJwk(new Date())), kid: newKey.kid };
    expect(String(await refused(impostor))).to.include(
      `SIGNING_KEY has kid "${newKey.kid}", which this database records for another key`,
    );
    t = await startOn(newKey);
  });
});
