import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config';
import { loadKeyRing } from '../../src/crypto/keys';

describe('§10 key ring', () => {
  const dir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'gw-keys-'));

  it('refuses to start in production without provided keys', async () => {
    const config = loadConfig({ NODE_ENV: 'production', DATA_DIR: dir() });
    let error: unknown;
    await loadKeyRing(config).catch((e: unknown) => {
      error = e;
    });
    expect(String(error)).to.include('SIGNING_KEY and MASTER_KEY must be provided');
  });

  it('generates development keys once into DATA_DIR/keys, owner-readable only, and reuses them', async () => {
    const dataDir = dir();
    const first = await loadKeyRing(loadConfig({ DATA_DIR: dataDir }));
    const second = await loadKeyRing(loadConfig({ DATA_DIR: dataDir }));
    expect(second.publicJwk).to.deep.equal(first.publicJwk);
    expect(second.masterKey.equals(first.masterKey)).to.equal(true);
    const mode = fs.statSync(path.join(dataDir, 'keys', 'master.key')).mode & 0o777;
    expect(mode).to.equal(0o600);
  });
});
