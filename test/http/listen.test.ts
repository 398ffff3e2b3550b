import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { createGateway } from '../../src/app';
import { loadConfig } from '../../src/config';

/** The gateway listens on loopback unless HOST names another address. */
describe('§10 http: the address the gateway listens on', () => {
  const listening = async (env: NodeJS.ProcessEnv) => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-listen-'));
    const gateway = await createGateway(loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, PORT: '0', ...env }));
    try {
      const url = await gateway.listen();
      return { url, address: (gateway.server.address() as AddressInfo).address };
    } finally {
      await gateway.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  };

  it('listens on loopback only without HOST', async () => {
    const bound = await listening({});
    expect(bound.address).to.equal('127.0.0.1');
    expect(bound.url).to.match(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('listens on every interface when HOST=0.0.0.0, and names the base URL localhost', async () => {
    const bound = await listening({ HOST: '0.0.0.0' });
    expect(bound.address).to.equal('0.0.0.0');
    expect(bound.url).to.match(/^http:\/\/localhost:\d+$/);
  });
});
