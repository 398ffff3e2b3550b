export { notFound } from './not-found';
export { views } from './views';
