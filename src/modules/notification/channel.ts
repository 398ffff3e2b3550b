import { Channel } from './notification.entity';

/** How a contact is reached: an address with `@` by e-mail, anything else by text message. */
export const channelOf = (contact: string): Channel => (contact.includes('@') ? Channel.EMAIL : Channel.SMS);
