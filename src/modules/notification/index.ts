export { channelOf } from './channel';
export { adapters, notifier } from './notifier';
export type { NotificationAdapter, Notifier } from './notifier';
