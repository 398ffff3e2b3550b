import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { decryptField, encryptField, newWrappedDataKey, unwrapDataKey } from '../../src/crypto/field-cipher';

describe('§10 field cipher (AES-256-GCM envelope)', () => {
  const master = randomBytes(32);
  const wrapped = newWrappedDataKey(master, 'member-1');
  const dataKey = unwrapDataKey(master, wrapped, 'member-1');

  it('round-trips a value and never stores it in clear', () => {
    const sealed = encryptField(dataKey, 'member-1', 'bankAccount', '110-123-456789');
    expect(sealed).to.not.include('110-123');
    expect(decryptField(dataKey, 'member-1', 'bankAccount', sealed)).to.equal('110-123-456789');
  });

  it('binds a ciphertext to its member and field', () => {
    const sealed = encryptField(dataKey, 'member-1', 'bankAccount', '110-123-456789');
    expect(() => decryptField(dataKey, 'member-2', 'bankAccount', sealed)).to.throw();
    expect(() => decryptField(dataKey, 'member-1', 'cardNumber', sealed)).to.throw();
  });

  it('detects tampering', () => {
    const sealed = encryptField(dataKey, 'member-1', 'cardNumber', '4111111111111111');
    const parts = sealed.split('.');
    const body = Buffer.from(parts[2]!, 'base64');
    body[0] = body[0]! ^ 1;
    parts[2] = body.toString('base64');
    expect(() => decryptField(dataKey, 'member-1', 'cardNumber', parts.join('.'))).to.throw();
  });

  it('cannot unwrap a data key under another master key or for another owner', () => {
    expect(() => unwrapDataKey(randomBytes(32), wrapped, 'member-1')).to.throw();
    expect(() => unwrapDataKey(master, wrapped, 'member-2')).to.throw();
  });

  it('leaves a field unrecoverable once its data key is destroyed', () => {
    const sealed = encryptField(dataKey, 'member-1', 'cardNumber', '4111111111111111');
    const otherKey = unwrapDataKey(master, newWrappedDataKey(master, 'member-1'), 'member-1');
    expect(() => decryptField(otherKey, 'member-1', 'cardNumber', sealed)).to.throw();
  });
});
