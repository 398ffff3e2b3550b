export { queueCorrectionNotices } from './notices';
export { checkWebhookUrl } from './webhook-target';
export { eraseCorrectionNoticesOf, eraseProvisionsOf } from './erase';
