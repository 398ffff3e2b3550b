export type { Block, PolicyDocumentJson } from './document';
export { publishRendered } from './publish';
export { consigneeListing, recipientListing } from './recipients';
export type { RecipientListing } from './recipients';
export { purposeEntry } from './snapshot';
export { partnerGap } from './staleness';
export { policyStatus } from './status';
export { GENERATED_SECTIONS, TemplateError, parseTemplate, readTemplate } from './template';
