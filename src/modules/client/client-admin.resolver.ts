import { randomUUID } from 'node:crypto';
import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, Info, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { GatewayContext } from '../../context';
import { gatewayError } from '../../errors';
import { hashSecret } from '../../crypto/password';
import { checkText } from '../../validation';
import { adminChange, changed, onDuplicate } from '../admin';
import { oneTimeSecret } from '../admin';
import { checkWebhookUrl } from '../provision';
import { ClientKind } from './api-client.entity';
import { ApiClientInfo, ClientCredentials } from './client.type';
import { checkClientId, checkFields, checkPurposes, clientInfo, clientRow, listClients } from './client.store';

/** The longest a rotated-out secret may stay valid: enough for a partner to deploy the new one. */
export const MAX_SECRET_OVERLAP_SECONDS = 7 * 86_400;

interface Registration {
  clientId: string;
  kind: ClientKind;
  name: string;
  purposes: string[];
  fields: string[];
  published: Record<string, string>;
}

async function register(ctx: GatewayContext, info: GraphQLResolveInfo, r: Registration): Promise<ClientCredentials> {
  const purposes = checkPurposes(r.kind, r.purposes);
  const row = {
    id: randomUUID(),
    client_id: checkClientId(r.clientId),
    kind: r.kind,
    name: checkText(r.name, 'name', 200),
    allowed_purposes: JSON.stringify(purposes),
    entrusted_fields: JSON.stringify(checkFields(r.fields, purposes)),
    active: true,
    session_version: 1,
    ...r.published,
  };
  const clientSecret = oneTimeSecret();
  const secret_hash = await hashSecret(clientSecret);
  await adminChange(ctx, info, async (trx) => {
    if (await trx('api_client').first('id').where({ client_id: row.client_id })) {
      throw gatewayError('CONFLICT', 'That clientId is taken.', { field: 'clientId' });
    }
    await trx('api_client').insert({ ...row, secret_hash });
    const names = ['clientId', 'name', 'purposes', 'fields', 'secret', ...Object.keys(r.published)];
    return { result: null, fields: changed('api_client', row.id, names) };
  }).catch(onDuplicate('clientId', 'That clientId is taken.'));
  return { client: await clientInfo(ctx.services.knex, row.client_id), clientSecret };
}

@Resolver()
export class ClientAdminResolver {
  @Query(() => [ApiClientInfo], { description: 'Every registered partner and consignee (ADMIN, ADMINISTRATION).' })
  apiClients(@Ctx() ctx: GatewayContext): Promise<ApiClientInfo[]> {
    return listClients(ctx.services.knex);
  }

  @Mutation(() => ClientCredentials, {
    description: 'Registers a third party (§6): it receives `fields` of members who consented to provision to it.',
  })
  registerPartner(
    @Arg('clientId', () => String) clientId: string,
    @Arg('name', () => String, { description: 'The company name, as published.' }) name: string,
    @Arg('contact', () => String) contact: string,
    @Arg('purposes', () => [String], { description: 'The purposes it may declare, e.g. MARKETING.' })
    purposes: string[],
    @Arg('fields', () => [String], { description: 'The Member fields it may receive.' }) fields: string[],
    @Arg('purposeOfUse', () => String, { description: 'What the recipient uses the data for, as published.' })
    purposeOfUse: string,
    @Arg('retentionPeriod', () => String, { description: 'How long the recipient keeps the data, as published.' })
    retentionPeriod: string,
    @Ctx() ctx: GatewayContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ClientCredentials> {
    return register(ctx, info, {
      clientId,
      kind: ClientKind.PARTNER,
      name,
      purposes,
      fields,
      published: {
        contact: checkText(contact, 'contact', 300),
        purpose_of_use: checkText(purposeOfUse, 'purposeOfUse', 300),
        retention_period: checkText(retentionPeriod, 'retentionPeriod', 300),
      },
    });
  }

  @Mutation(() => ClientCredentials, {
    description:
      'Registers a consignee (§9): it reads `fields` of members whose work is entrusted to it, while the work lasts.',
  })
  registerConsignee(
    @Arg('clientId', () => String) clientId: string,
    @Arg('name', () => String, { description: 'The company name, as published.' }) name: string,
    @Arg('task', () => String, { description: 'The entrusted task, as published.' }) task: string,
    @Arg('purposes', () => [String], { description: 'E.g. ORDER_FULFILLMENT or PAYMENT_SETTLEMENT.' })
    purposes: string[],
    @Arg('fields', () => [String], { description: 'The Member fields entrusted to it: the minimum for the task.' })
    fields: string[],
    @Ctx() ctx: GatewayContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ClientCredentials> {
    return register(ctx, info, {
      clientId,
      kind: ClientKind.CONSIGNEE,
      name,
      purposes,
      fields,
      published: { task: checkText(task, 'task', 300) },
    });
  }

  @Mutation(() => ClientCredentials, {
    description:
      'Issues a new client secret. Without overlap the old secret and every token issued under it stop at once; with `overlapSeconds` the old secret keeps working that long.',
  })
  async rotateClientSecret(
    @Arg('clientId', () => String) clientId: string,
    @Arg('overlapSeconds', () => Int, { defaultValue: 0 }) overlapSeconds: number,
    @Ctx() ctx: GatewayContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ClientCredentials> {
    if (!(overlapSeconds >= 0 && overlapSeconds <= MAX_SECRET_OVERLAP_SECONDS)) {
      throw gatewayError('BAD_USER_INPUT', `overlapSeconds must be 0 to ${MAX_SECRET_OVERLAP_SECONDS}.`, {
        field: 'overlapSeconds',
      });
    }
    const client = await clientRow(ctx.services.knex, clientId);
    if (!client.active)
      throw gatewayError('CONFLICT', 'The client is disabled; its secret cannot be rotated.', { field: 'clientId' });
    const clientSecret = oneTimeSecret();
    const secret_hash = await hashSecret(clientSecret);
    await adminChange(ctx, info, async (trx) => {
      const { secret_hash: previous } = await trx('api_client').first('secret_hash').where({ id: client.id });
      const update =
        overlapSeconds > 0
          ? trx('api_client').update({
              secret_hash,
              previous_secret_hash: previous,
              previous_secret_until: new Date(ctx.now.getTime() + overlapSeconds * 1000),
            })
          : trx('api_client')
              .update({ secret_hash, previous_secret_hash: null, previous_secret_until: null })
              .increment('session_version', 1);
      await update.where({ id: client.id });
      return { result: null, fields: changed('api_client', client.id, ['secret']) };
    });
    return { client: await clientInfo(ctx.services.knex, clientId), clientSecret };
  }

  @Mutation(() => ApiClientInfo, {
    description: 'Disables a client: its secrets and tokens stop at once; it leaves the published lists.',
  })
  async disableClient(
    @Arg('clientId', () => String) clientId: string,
    @Ctx() ctx: GatewayContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ApiClientInfo> {
    const client = await clientRow(ctx.services.knex, clientId);
    if (!client.active) return clientInfo(ctx.services.knex, clientId);
    await adminChange(ctx, info, async (trx) => {
      await trx('api_client')
        .where({ id: client.id })
        .update({ active: false, previous_secret_hash: null, previous_secret_until: null })
        .increment('session_version', 1);
      return { result: null, fields: changed('api_client', client.id, ['active']) };
    });
    return clientInfo(ctx.services.knex, clientId);
  }

  @Mutation(() => ApiClientInfo, {
    description:
      'Sets where correction notices are pushed, with the secret that signs them (both together). Production: https only, never a loopback, private, link-local or metadata address.',
  })
  async setClientWebhook(
    @Arg('clientId', () => String) clientId: string,
    @Arg('url', () => String) url: string,
    @Arg('secret', () => String, { description: '32 to 100 characters, shared with the recipient.' }) secret: string,
    @Ctx() ctx: GatewayContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ApiClientInfo> {
    const target = checkWebhookUrl(url, ctx.services.config.production).toString();
    if (secret.length < 32 || secret.length > 100)
      throw gatewayError('BAD_USER_INPUT', 'secret must be 32 to 100 characters.', { field: 'secret' });
    const client = await clientRow(ctx.services.knex, clientId);
    if (!client.active) throw gatewayError('CONFLICT', 'The client is disabled.', { field: 'clientId' });
    await adminChange(ctx, info, async (trx) => {
      await trx('api_client').where({ id: client.id }).update({ webhook_url: target, webhook_secret: secret });
      return { result: null, fields: changed('api_client', client.id, ['webhookUrl', 'webhookSecret']) };
    });
    return clientInfo(ctx.services.knex, clientId);
  }

  @Mutation(() => ApiClientInfo, {
    description: 'Stops pushing correction notices to the client (it can still pull them).',
  })
  async removeClientWebhook(
    @Arg('clientId', () => String) clientId: string,
    @Ctx() ctx: GatewayContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ApiClientInfo> {
    const client = await clientRow(ctx.services.knex, clientId);
    await adminChange(ctx, info, async (trx) => {
      await trx('api_client').where({ id: client.id }).update({ webhook_url: null, webhook_secret: null });
      return { result: null, fields: changed('api_client', client.id, ['webhookUrl', 'webhookSecret']) };
    });
    return clientInfo(ctx.services.knex, clientId);
  }
}
