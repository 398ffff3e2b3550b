import { Member } from '../modules/member/member.entity';
import { Guardian } from '../modules/guardian/guardian.entity';
import { Consent } from '../modules/consent/consent.entity';
import { PolicyVersion } from '../modules/policy-version/policy-version.entity';
import { Staff } from '../modules/staff/staff.entity';
import { ApiClient } from '../modules/client/api-client.entity';
import { Assignment } from '../modules/assignment/assignment.entity';
import { AccessLog } from '../audit/access-log.entity';
import { AccessLogAnchor } from '../audit/access-log-anchor.entity';
import { CorrectionRequest } from '../modules/correction/correction-request.entity';

export const entities = [Member, Guardian, Consent, PolicyVersion, Staff, ApiClient, Assignment, CorrectionRequest, AccessLog, AccessLogAnchor];
