import { Field, ID, ObjectType } from 'type-graphql';

@ObjectType({ description: 'A staff account, as the administrator sees it: never its password.' })
export class StaffAccount {
  @Field(() => ID) id!: string;
  @Field(() => String) loginId!: string;
  @Field(() => String) name!: string;
  @Field(() => String, {
    description: 'CS_AGENT, MARKETER, ANALYST, PRIVACY_OFFICER or ADMIN: one role per account (least privilege).',
  })
  role!: string;
  @Field(() => Boolean, { description: 'Logs in like a wrong password; its tokens stopped when it was disabled.' })
  disabled!: boolean;
  @Field(() => Boolean, { description: 'Holds a one-time password: can do nothing until it is changed.' })
  mustChangePassword!: boolean;
}

@ObjectType({ description: 'A staff account with its one-time password: shown once, never stored in the clear.' })
export class StaffCredentials {
  @Field(() => StaffAccount) account!: StaffAccount;
  @Field(() => String, {
    description: 'Give it to the person over a separate channel; it must be changed at first log-in.',
  })
  oneTimePassword!: string;
}
