export { queueCorrectionNotices } from './notices';
export { checkWebhookUrl } from './webhook-target';
