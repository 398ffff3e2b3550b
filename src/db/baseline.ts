import type { Services } from '../services';
import { publishRendered } from '../modules/policy-document';
import { readTemplate } from '../modules/policy-document';
import { log } from '../log';
import type { RetentionDays } from '../modules/policy-document/snapshot';

export const BASELINE_POLICY_VERSION = 1;
export const BASELINE_POLICY_ENFORCED_FROM = '2026-01-01';

export const retentionDays = ({ config }: Pick<Services, 'config'>): RetentionDays => ({
  accessLogDays: config.retention.accessLogDays,
  visitLogDays: config.retention.visitLogDays,
  periods: {
    visitorComplaintMonths: config.retention.visitorComplaintMonths,
    visitorCookieMonths: config.retention.visitorCookieMonths,
    notificationMonths: config.retention.notificationMonths,
    codeTextMinutes: config.retention.codeTextMinutes,
  },
});

/**
 * The demo shop's version 1, rendered from the template and the seeded configuration. Only with the demo seed: a
 * real shop (production, or SEED_DEMO=false) has no version until its privacy officer publishes one, since a
 * rendered policy needs the officer and the shop's own recipients.
 */
export async function ensureBaseline(services: Services): Promise<void> {
  const { knex, config } = services;
  if (!config.seedDemo || (await knex('policy_version').first('version'))) return;
  await knex.transaction((trx) =>
    publishRendered(trx, {
      version: BASELINE_POLICY_VERSION,
      enforcedFrom: BASELINE_POLICY_ENFORCED_FROM,
      requiresReconsent: false,
      template: readTemplate(config.policyTemplate),
      days: retentionDays(services),
      now: new Date(`${BASELINE_POLICY_ENFORCED_FROM}T00:00:00Z`),
    }),
  );
  log.info({ version: BASELINE_POLICY_VERSION }, 'published the demo privacy policy');
}
