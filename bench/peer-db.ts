import { Client } from 'pg';
import { maskPayment } from '../src/policy/mask';
import { benchPeople } from './seed';

/** The schema PostGraphile serves: one table, the same members the gateways hold. */
export const PEER_SCHEMA = 'bench_peer';

/**
 * Seeds the peer's scratch schema in the database at `url`: the bench members (same ids and values as every gateway,
 * the bank account stored masked as the gateway answers it under SELF_SERVICE), in one transaction. The columns are
 * those (a) and (c) read, so PostGraphile's `allMembers` and `memberById` name the same fields.
 */
export async function seedPeer(url: string, count: number): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('begin');
    await client.query(`create schema ${PEER_SCHEMA}`);
    await client.query(`create table ${PEER_SCHEMA}.member (
      id uuid primary key, name text not null, email text, phone text, address text, birth_date text,
      gender text, bank_account text, signup_ip text)`);
    const people = benchPeople(count);
    for (let i = 0; i < people.length; i += 200) {
      const batch = people.slice(i, i + 200);
      const params = batch.flatMap((p) => [
        p.id,
        p.name,
        p.email,
        p.phone,
        p.address,
        p.birthDate,
        p.gender,
        maskPayment(p.bankAccount),
        p.signupIp,
      ]);
      const tuples = batch.map((_, r) => `(${Array.from({ length: 9 }, (_, c) => `$${r * 9 + c + 1}`).join(', ')})`);
      await client.query(
        `insert into ${PEER_SCHEMA}.member (id, name, email, phone, address, birth_date, gender, bank_account, signup_ip)
         values ${tuples.join(', ')}`,
        params,
      );
    }
    await client.query('commit');
    await client.query(`analyze ${PEER_SCHEMA}.member`);
  } finally {
    await client.end();
  }
}
