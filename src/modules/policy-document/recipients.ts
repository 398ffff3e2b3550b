import { fieldLabel } from './labels';
import type { ListedConsignee, ListedPartner } from './snapshot';

/** A third party as a version lists it: what a member consents to, and what the consent receipt records. */
export interface RecipientListing {
  readonly clientId: string;
  readonly name: string;
  readonly purpose: string;
  readonly items: string[];
  readonly retention: string;
}

export const recipientListing = (p: ListedPartner): RecipientListing => ({
  clientId: p.clientId,
  name: p.name,
  purpose: p.purposeOfUse,
  items: p.fields.map(fieldLabel),
  retention: p.retention,
});

export const consigneeListing = (c: ListedConsignee) => ({
  name: c.name,
  task: c.task,
  items: c.fields.map(fieldLabel),
});
