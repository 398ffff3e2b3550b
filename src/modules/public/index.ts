export { PolicyDocument, PolicyRecipient, PrivacyOfficer } from './public.type';
