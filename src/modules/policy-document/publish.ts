import type { Knex } from '@mikro-orm/knex';
import { contentHash, documentText, type PolicyDocumentJson } from './document';
import { renderPolicy } from './render';
import { liveSnapshot, type RetentionDays } from './snapshot';

export interface PublishInput {
  readonly version: number;
  readonly enforcedFrom: string;
  readonly requiresReconsent: boolean;
  readonly template: string;
  readonly days: RetentionDays;
  readonly now: Date;
}

export interface Published {
  readonly version: number;
  readonly text: string;
  readonly document: PolicyDocumentJson;
  readonly contentHash: string;
}

/**
 * Renders the template against what `trx` sees now and stores it as `version`, with its hash. Throws
 * TemplateError (nothing stored) when rendering finds a gap. The caller owns the transaction and the notice.
 */
export async function publishRendered(trx: Knex.Transaction, input: PublishInput): Promise<Published> {
  const document = renderPolicy(input.template, await liveSnapshot(trx, input.days), input.enforcedFrom);
  const json = JSON.stringify(document);
  const text = documentText(document);
  const hash = contentHash(text, json);
  await trx('policy_version').insert({
    version: input.version,
    text,
    document: json,
    content_hash: hash,
    enforced_from: input.enforcedFrom,
    requires_reconsent: input.requiresReconsent,
    published_at: input.now,
  });
  return { version: input.version, text, document, contentHash: hash };
}
