import { Member } from '../modules/member/member.entity';
import { Guardian } from '../modules/guardian/guardian.entity';
import { Consent } from '../modules/consent/consent.entity';
import { PolicyVersion } from '../modules/policy-version/policy-version.entity';
import { Staff } from '../modules/staff/staff.entity';
import { ApiClient } from '../modules/client/api-client.entity';
import { Assignment } from '../modules/assignment/assignment.entity';
import { AccessLog } from '../audit/access-log.entity';
import { AccessLogAnchor } from '../audit/access-log-anchor.entity';
import { AccessLogMember } from '../audit/access-log-member.entity';
import { VerificationCode } from '../modules/verification/verification-code.entity';
import { Notification } from '../modules/notification/notification.entity';
import { Notice } from '../modules/policy-version/notice.entity';
import { CookiePreference } from '../modules/cookie/cookie-preference.entity';
import { Complaint } from '../modules/complaint/complaint.entity';
import { Provision } from '../modules/provision/provision.entity';
import { CorrectionNotice } from '../modules/provision/correction-notice.entity';
import { LawfulRequest } from '../modules/lawful-request/lawful-request.entity';
import { CorrectionRequest } from '../modules/correction/correction-request.entity';
import { SigningKey } from '../modules/keys/signing-key.entity';
import { KeyState } from '../modules/keys/key-state.entity';
import { PrivacyOfficerDesignation } from '../modules/privacy-officer/privacy-officer.entity';
import { RightsRequest } from '../modules/rights-request/rights-request.entity';
import { UsageNotice } from '../modules/usage-notice/usage-notice.entity';
import { RateLimit } from '../limits/rate-limit.entity';
import { JobRun } from '../scheduling/job-run.entity';

export const entities = [
  Member,
  Guardian,
  Consent,
  PolicyVersion,
  Staff,
  ApiClient,
  Assignment,
  CorrectionRequest,
  AccessLog,
  AccessLogAnchor,
  AccessLogMember,
  VerificationCode,
  Notification,
  Notice,
  CookiePreference,
  Complaint,
  Provision,
  CorrectionNotice,
  LawfulRequest,
  SigningKey,
  KeyState,
  PrivacyOfficerDesignation,
  RightsRequest,
  UsageNotice,
  RateLimit,
  JobRun,
];
