export { channelOf } from './channel';
