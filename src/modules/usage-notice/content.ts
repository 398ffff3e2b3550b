import type { Knex } from '@mikro-orm/knex';
import { fromRow, type AccessLogRow } from '../../audit/rows';
import { whereMember } from '../../audit/member-rows';
import { jsonList } from '../../db/json-list';
import type { UsageNoticeContent } from './usage-notice.type';

const yearRange = (year: number): [Date, Date] => [new Date(Date.UTC(year, 0, 1)), new Date(Date.UTC(year + 1, 0, 1))];

/**
 * The usage notice of one member for one calendar year (UTC): the access log's rows about her written by anyone but
 * herself, grouped by accessor and purpose, and the provision ledger grouped by recipient and purpose. The same
 * content is queued to her and shown in `me { usageNotice(year) }`.
 */
export async function usageNoticeContent(knex: Knex, memberId: string, year: number): Promise<UsageNoticeContent> {
  const [from, to] = yearRange(year);
  const q = knex('access_log').select('*').where('at', '>=', from).where('at', '<', to).orderBy('seq');
  await whereMember(knex, q, memberId, null);
  const accesses = new Map<string, UsageNoticeContent['accesses'][number]>();
  for (const r of ((await q) as AccessLogRow[]).map(fromRow)) {
    if (r.accessorId === memberId) continue;
    const key = JSON.stringify([r.accessorKind, r.accessorId, r.purpose]);
    const at = r.at.toISOString();
    const entry = accesses.get(key) ?? {
      accessorKind: r.accessorKind,
      accessorName: r.accessorName,
      accessorRole: r.accessorRole,
      purpose: r.purpose,
      actions: [],
      count: 0,
      firstAt: at,
      lastAt: at,
    };
    if (!entry.actions.includes(r.action)) entry.actions.push(r.action);
    entry.count++;
    entry.lastAt = at;
    accesses.set(key, entry);
  }
  const ledger = (await knex('provision as p')
    .join('api_client as c', 'c.id', 'p.recipient_id')
    .select('c.name', 'p.recipient_id', 'p.recipient_kind', 'p.purpose', 'p.fields', 'p.at')
    .where('p.member_id', memberId)
    .where('p.at', '>=', from)
    .where('p.at', '<', to)
    .orderBy('p.at')) as Record<string, unknown>[];
  const provisions = new Map<string, UsageNoticeContent['provisions'][number]>();
  for (const r of ledger) {
    const key = JSON.stringify([r.recipient_id, r.purpose]);
    const at = new Date(r.at as string).toISOString();
    const entry = provisions.get(key) ?? {
      recipientName: r.name as string,
      recipientKind: r.recipient_kind as string,
      purpose: r.purpose as string,
      fields: [],
      count: 0,
      firstAt: at,
      lastAt: at,
    };
    for (const f of jsonList(r.fields)) if (!entry.fields.includes(f)) entry.fields.push(f);
    entry.count++;
    entry.lastAt = at;
    provisions.set(key, entry);
  }
  return { year, accesses: [...accesses.values()], provisions: [...provisions.values()] };
}

/** The notice as a message: nothing but what the gateway recorded, in plain lines. */
export function usageNoticeText(c: UsageNoticeContent): string {
  const lines = [
    `How your bettra data was used in ${c.year} (Personal Information Protection Act, Article 20-2).`,
    '',
    'Who accessed it:',
    ...(c.accesses.length === 0
      ? ['- no one but you']
      : c.accesses.map(
          (a) =>
            `- ${a.accessorName} (${a.accessorRole ?? a.accessorKind}) for ${a.purpose ?? 'no declared purpose'}: ${a.actions.join(', ')}, ${a.count} time(s), ${a.firstAt.slice(0, 10)} to ${a.lastAt.slice(0, 10)}`,
        )),
    '',
    'Who received it:',
    ...(c.provisions.length === 0
      ? ['- no third party or consignee']
      : c.provisions.map(
          (p) =>
            `- ${p.recipientName} (${p.recipientKind}) for ${p.purpose}: ${p.fields.join(', ')}, ${p.count} time(s), ${p.firstAt.slice(0, 10)} to ${p.lastAt.slice(0, 10)}`,
        )),
    '',
    'The same notice is in the privacy center at any time.',
  ];
  return lines.join('\n');
}
