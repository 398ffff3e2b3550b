import { ageOn } from '../../clock';
import { decryptField, unwrapDataKey } from '../../crypto/field-cipher';
import type { GuardianRow, MemberRow } from './member.loader';
import { MEMBER_STATE, type MemberState } from '../../policy/member-state';

export type AgeBand = 'UNDER_14' | '14_19' | '20S' | '30S' | '40S' | '50S' | '60_PLUS';

export function ageBandOf(birthDate: string, now: Date): AgeBand {
  const age = ageOn(birthDate, now);
  if (age < 14) return 'UNDER_14';
  if (age < 20) return '14_19';
  if (age >= 60) return '60_PLUS';
  return `${Math.floor(age / 10) * 10}S` as AgeBand;
}

/**
 * The parent value of the GraphQL `Member` type. Values are produced only when a field resolves, which the
 * shield allows or denies first, so an encrypted field is never decrypted for a denied read.
 */
export class MemberView {
  /** What the policy decides this member's fields on (src/policy/member-state.ts), loaded in the same request. */
  readonly [MEMBER_STATE]: MemberState;

  constructor(
    state: MemberState,
    private readonly row: MemberRow,
    private readonly guardian: GuardianRow | undefined,
    private readonly masterKey: Buffer,
    private readonly now: Date,
  ) {
    this[MEMBER_STATE] = state;
  }

  get id(): string {
    return this.row.id;
  }
  get status(): string {
    return this.row.status;
  }
  get loginId(): string {
    return this.row.loginId;
  }
  get name(): string {
    return this.row.name;
  }
  get email(): string | null {
    return this.row.email;
  }
  get phone(): string | null {
    return this.row.phone;
  }
  get address(): string | null {
    return this.row.address;
  }
  get deliveryArea(): string | null {
    return this.row.deliveryArea;
  }
  get birthDate(): string | null {
    return this.row.birthDate;
  }
  get gender(): string | null {
    return this.row.gender;
  }
  get ageBand(): AgeBand | null {
    return this.row.birthDate ? ageBandOf(this.row.birthDate, this.now) : null;
  }
  get bankAccount(): string | null {
    return this.open('bankAccount', this.row.bankAccountSealed);
  }
  get cardNumber(): string | null {
    return this.open('cardNumber', this.row.cardNumberSealed);
  }
  get guardianName(): string | null {
    return this.guardian?.name ?? null;
  }
  get guardianContact(): string | null {
    return this.guardian?.contact ?? null;
  }
  get signupIp(): string | null {
    return this.row.signupIp;
  }
  get browser(): string | null {
    return this.row.browser;
  }
  get os(): string | null {
    return this.row.os;
  }
  get inflowRoute(): string | null {
    return this.row.inflowRoute;
  }

  private open(field: string, sealed: string | null): string | null {
    if (sealed === null || this.row.wrappedDataKey === null) return null;
    return decryptField(
      unwrapDataKey(this.masterKey, this.row.wrappedDataKey, this.row.id),
      this.row.id,
      field,
      sealed,
    );
  }
}
