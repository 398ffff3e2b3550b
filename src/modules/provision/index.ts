export { recordProvisions } from './ledger';
export { queueCorrectionNotices } from './notices';
export { checkWebhookUrl } from './webhook-target';
export { eraseCorrectionNoticesOf, eraseProvisionsOf } from './erase';
