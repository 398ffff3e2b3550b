import { memberFieldCategory, type PersonalField } from '../../policy/categories';
import { PURPOSES, declarers } from '../../policy/purposes';
import { purposeTable } from '../../policy/table';
import { RETENTION, describePeriod } from '../retention';
import { COLLECTED_ITEMS, ESSENTIAL_CREDENTIALS, type Collection } from '../signup';
import { COOKIE_KINDS, COOKIE_REFUSAL } from '../cookie';
import type { StaffRole } from '../staff';
import type { Block, PolicyDocumentJson, Section } from './document';
import { FIELD_LABELS, PURPOSE_TEXT, ROLE_LABELS, fieldLabel } from './labels';
import type { PolicySnapshot } from './snapshot';
import { TemplateError, findPlaceholder, parseTemplate, type GeneratedSection } from './template';

const labels = (fields: readonly string[]): string =>
  fields.length === 0 ? 'none' : fields.map(fieldLabel).join(', ');

const COLLECTION_TEXT: Readonly<Record<Collection, [string, string]>> = {
  ESSENTIAL: ['At sign-up', 'Essential: needed to become a member'],
  OPTIONAL: ['At sign-up, if you give it', 'Optional: you may leave it out or delete it later'],
  AUTOMATIC: ['Recorded automatically at sign-up', 'Essential: to protect your account against misuse'],
  DERIVED: ['Worked out from your date of birth', 'Only if you gave your date of birth'],
  GUARDIAN: [
    'At sign-up, for members under 14',
    'Essential for members under 14: to confirm the legal representative’s consent',
  ],
  PAYMENT: ['When you save a payment method', 'Optional: only if you save one'],
};

function items(): Block[] {
  const groups = (Object.keys(COLLECTION_TEXT) as Collection[])
    .map((how) => {
      const fields = (Object.keys(COLLECTED_ITEMS) as PersonalField[])
        .filter((f) => COLLECTED_ITEMS[f] === how)
        .map((f) => FIELD_LABELS[f]);
      const all =
        how === 'ESSENTIAL'
          ? [
              ...fields.slice(0, 1),
              ...ESSENTIAL_CREDENTIALS.map(() => 'Password (kept only as a one-way hash)'),
              ...fields.slice(1),
            ]
          : fields;
      return [all.join(', '), ...COLLECTION_TEXT[how]];
    })
    .filter((row) => row[0] !== '');
  return [
    { type: 'table', caption: 'Items we collect', head: ['Items', 'When', 'Essential or optional'], rows: groups },
    {
      type: 'p',
      text: 'We collect no other item, and no sensitive information (such as beliefs, health or criminal records). We keep no earlier values of an item you change.',
    },
  ];
}

function processors(purpose: (typeof PURPOSES)[number], snapshot: PolicySnapshot): string {
  return declarers[purpose]
    .flatMap((d) => {
      if (d.kind === 'MEMBER') return ['you'];
      if (d.kind === 'GUARDIAN') return ['your legal representative'];
      if (d.kind === 'STAFF') return d.roles.map((r) => ROLE_LABELS[r as StaffRole] ?? r);
      const list = d.kind === 'PARTNER' ? snapshot.partners : snapshot.consignees;
      return list
        .filter((c) => c.purposes.includes(purpose))
        .map((c) => `${c.name} (${d.kind === 'PARTNER' ? 'third party' : 'consignee'})`);
    })
    .join(', ');
}

function purposes(snapshot: PolicySnapshot): Block[] {
  const rows = PURPOSES.filter((p) => purposeTable[p].categories.length > 0).map((p) => {
    const rule = purposeTable[p];
    const fields = (Object.keys(memberFieldCategory) as PersonalField[]).filter(
      (f) => rule.categories.includes(memberFieldCategory[f]) && (!rule.onlyFields || rule.onlyFields.includes(f)),
    );
    const consent = rule.consents.includes('MARKETING') ? ' (with your consent to marketing)' : '';
    return [PURPOSE_TEXT[p] + consent, processors(p, snapshot), labels(fields)];
  });
  return [
    {
      type: 'p',
      text: 'Every access to your information declares one of these purposes, and reads only the items listed for it. Each access is recorded.',
    },
    { type: 'table', caption: 'Purposes', head: ['Purpose', 'Who processes for it', 'Items it may use'], rows },
  ];
}

const months = (n: number): string => describePeriod({ years: Math.floor(n / 12), months: n % 12 });

function retention(snapshot: PolicySnapshot): Block[] {
  const rows = Object.values(RETENTION).map((r) => [
    r.what,
    describePeriod(r.period),
    r.basis.split(':')[0]!,
    'Kept apart under its own key, then destroyed with the key',
  ]);
  rows.push(
    [
      'Records of each access to your information (who, when, which items, including the IP address)',
      `${snapshot.accessLogDays} days`,
      'Standards for measures to ensure the security of personal information',
      'Deleted; only a signed fingerprint of the deleted records remains',
    ],
    ['Verification codes', `${snapshot.visitLogDays} days`, 'Our own rule, to answer questions about them', 'Deleted'],
  );
  const p = snapshot.periods;
  if (p) {
    rows.push(
      [
        'Messages sent to you, and notices to recipients of a corrected or deleted item',
        `${months(p.notificationMonths)} after sending (the text of a code: ${p.codeTextMinutes} minutes)`,
        'Our own rule, to answer questions about them',
        'Deleted',
      ],
      [
        'Complaints of visitors who are not members, with the contact given for the answer',
        `${months(p.visitorComplaintMonths)} after the last step`,
        'Act on Consumer Protection in Electronic Commerce (complaint records)',
        'Deleted',
      ],
      [
        'Cookie choices of visitors who are not members',
        `${months(p.visitorCookieMonths)} after the last choice`,
        'Our own rule, to honour the choice',
        'Deleted',
      ],
    );
  }
  return [
    {
      type: 'p',
      text: 'We keep your information while you are a member and destroy it without delay when you withdraw, except these records, which the law makes us keep:',
    },
    { type: 'table', caption: 'Retention', head: ['Record', 'Kept for', 'Legal basis', 'At the end'], rows },
  ];
}

function thirdParties(snapshot: PolicySnapshot, mayBeEmpty: boolean): Block[] {
  if (snapshot.partners.length === 0) {
    if (!mayBeEmpty)
      throw new TemplateError(
        'section {{third-parties}} would be empty: no partner is registered (write {{third-parties?}} to state that none receives anything)',
      );
    return [{ type: 'p', text: 'We provide your personal information to no third party.' }];
  }
  return [
    {
      type: 'p',
      text: 'We provide your information only to these recipients, each only if you consented to that recipient, and only the items listed. Refusing does not affect your membership.',
    },
    {
      type: 'table',
      caption: 'Third parties',
      head: ['Recipient', 'Purpose of use', 'Items provided', 'Kept by the recipient', 'Contact'],
      rows: snapshot.partners.map((p) => [p.name, p.purposeOfUse, labels(p.fields), p.retention, p.contact]),
    },
    {
      type: 'p',
      text: 'Apart from these, we provide information only where a law requires it, limited to what the request names.',
    },
  ];
}

function consignees(snapshot: PolicySnapshot, mayBeEmpty: boolean): Block[] {
  if (snapshot.consignees.length === 0) {
    if (!mayBeEmpty)
      throw new TemplateError(
        'section {{consignees}} would be empty: no consignee is registered (write {{consignees?}} to state that none is entrusted)',
      );
    return [{ type: 'p', text: 'We entrust the processing of your personal information to no one.' }];
  }
  return [
    {
      type: 'p',
      text: 'We entrust these tasks to these companies. Each reads only the items listed, only while the work lasts, and our contract binds it to protect them.',
    },
    {
      type: 'table',
      caption: 'Consignees',
      head: ['Consignee', 'Entrusted task', 'Items entrusted'],
      rows: snapshot.consignees.map((c) => [
        c.name,
        c.task,
        c.fields.length === 0 ? 'none read (it runs the systems)' : labels(c.fields),
      ]),
    },
  ];
}

function cookies(): Block[] {
  return [
    {
      type: 'table',
      caption: 'Cookies',
      head: ['Cookie', 'What it does', 'Can you refuse it?'],
      rows: COOKIE_KINDS.map((c) => [c.kind, c.use, c.refusable ? 'Yes' : 'No: the shop does not work without it']),
    },
    { type: 'list', items: COOKIE_REFUSAL },
  ];
}

function officer(snapshot: PolicySnapshot): Block[] {
  const o = snapshot.officer;
  if (!o)
    throw new TemplateError(
      'section {{officer}} would be empty: no privacy officer is designated (designatePrivacyOfficer)',
      'OFFICER_MISSING',
    );
  return [
    {
      type: 'table',
      caption: 'Privacy officer',
      head: ['Name', 'Affiliation', 'Position', 'E-mail', 'Phone'],
      rows: [[o.name, o.affiliation, o.position, o.email, o.phone]],
    },
  ];
}

const enforcement = (enforcedFrom: string): Block[] => [
  {
    type: 'p',
    text: `This version is in force from ${enforcedFrom}. Earlier versions stay published in the list of versions.`,
  },
];

function generated(
  section: GeneratedSection,
  mayBeEmpty: boolean,
  snapshot: PolicySnapshot,
  enforcedFrom: string,
): Block[] {
  switch (section) {
    case 'items':
      return items();
    case 'purposes':
      return purposes(snapshot);
    case 'retention':
      return retention(snapshot);
    case 'third-parties':
      return thirdParties(snapshot, mayBeEmpty);
    case 'consignees':
      return consignees(snapshot, mayBeEmpty);
    case 'cookies':
      return cookies();
    case 'officer':
      return officer(snapshot);
    case 'enforcement':
      return enforcement(enforcedFrom);
  }
}

const slug = (heading: string): string =>
  heading
    .toLowerCase()
    .replace(/^\d+\.\s*/, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '') || 'section';

/**
 * The policy from the operator's template and what the gateway enforces. Throws TemplateError naming the gap when
 * a generated section would be empty, or when text from the template still holds a placeholder.
 */
export function renderPolicy(template: string, snapshot: PolicySnapshot, enforcedFrom: string): PolicyDocumentJson {
  let title = '';
  const intro: Block[] = [];
  const sections: { id: string; heading: string; blocks: Block[] }[] = [];
  let paragraph: string[] = [];
  let list: string[] = [];
  const target = (): Block[] => sections.at(-1)?.blocks ?? intro;
  const flush = () => {
    if (paragraph.length) target().push({ type: 'p', text: paragraph.join(' ') });
    if (list.length) target().push({ type: 'list', items: list });
    paragraph = [];
    list = [];
  };
  for (const line of parseTemplate(template)) {
    if (line.kind === 'text' || line.kind === 'item' || line.kind === 'title' || line.kind === 'heading') {
      const hole = findPlaceholder(line.text);
      if (hole) throw new TemplateError(`the template still holds a placeholder: ${hole}`);
    }
    if (line.kind === 'text') {
      if (list.length) flush();
      paragraph.push(line.text);
      continue;
    }
    if (line.kind === 'item') {
      if (paragraph.length) flush();
      list.push(line.text);
      continue;
    }
    flush();
    if (line.kind === 'title') title = line.text;
    else if (line.kind === 'heading') sections.push({ id: slug(line.text), heading: line.text, blocks: [] });
    else if (line.kind === 'generated') {
      const section = sections.at(-1);
      if (section && !sections.some((s) => s.id === line.section)) section.id = line.section;
      target().push(...generated(line.section, line.mayBeEmpty, snapshot, enforcedFrom));
    }
  }
  flush();
  for (const s of sections) if (s.blocks.length === 0) throw new TemplateError(`section "${s.heading}" has no text`);
  const cells = sections.flatMap((s) => s.blocks).flatMap((b) => (b.type === 'table' ? b.rows.flat() : []));
  const hole = cells.map((c) => findPlaceholder(c)).find((h) => h !== null);
  if (hole) throw new TemplateError(`a registered value still holds a placeholder: ${hole}`);
  return { title, intro, sections: sections as Section[], enforcedFrom, snapshot };
}
