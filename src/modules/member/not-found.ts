import { gatewayError } from '../../errors';

/** The one answer for a member who does not exist and for one the caller may not reach: they look the same. */
export const notFound = () => gatewayError('NOT_FOUND', 'No member with that id.');
