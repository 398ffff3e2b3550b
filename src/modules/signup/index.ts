export { COLLECTED_ITEMS, ESSENTIAL_CREDENTIALS } from './collected-items';
export type { Collection } from './collected-items';
