import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayNotEmpty, IsArray, IsBoolean, IsIn, IsOptional, IsString, MaxLength, ValidateIf } from 'class-validator';
import { ATTEMPT_TRIGGERS, DELIVERY_STATUSES, WEBHOOK_ACCOUNTS_MAX, WEBHOOK_DESCRIPTION_MAX, WEBHOOK_EVENT_TYPES, WEBHOOK_EVENT_TYPES_MAX, WEBHOOK_TEST, WEBHOOK_URL_MAX } from '#webhooks';
import { EXAMPLE_ACCOUNT } from './native.examples.js';
import { PageQueryDto } from './page.dto.js';
import { EXAMPLE_DELIVERY_ID, EXAMPLE_WEBHOOK_ID } from './webhooks.examples.js';

const EVENTS_DESCRIPTION = `event types it receives, or ["*"] for every type: ${WEBHOOK_EVENT_TYPES.join(', ')}`;
const URL_DESCRIPTION =
  'where events are POSTed: https:// (http:// only with WEBHOOK_ALLOW_HTTP=true), no credentials; its host must not be (or resolve to) a loopback, private, link-local, CGNAT, multicast, unspecified or cloud metadata address unless WEBHOOK_ALLOW_PRIVATE_NETWORKS=true';

/** A field a PATCH may leave out but never set to null. */
const present = (field: string) => ValidateIf((o: Record<string, unknown>) => o[field] !== undefined);

// ---- requests ----

export class CreateWebhookDto {
  @ApiProperty({ example: 'https://hooks.example.com/sending-domains', maxLength: WEBHOOK_URL_MAX, description: URL_DESCRIPTION })
  @IsString()
  @MaxLength(WEBHOOK_URL_MAX)
  url: string;

  @ApiProperty({ type: [String], minItems: 1, maxItems: WEBHOOK_EVENT_TYPES_MAX, example: ['domain.created', 'domain.status_changed', 'domain.deleted'], description: EVENTS_DESCRIPTION })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(WEBHOOK_EVENT_TYPES_MAX)
  @IsString({ each: true })
  events: string[];

  @ApiProperty({ type: [String], minItems: 1, maxItems: WEBHOOK_ACCOUNTS_MAX, example: [EXAMPLE_ACCOUNT], description: 'accounts whose events it receives (the key must have them), or ["*"] for every account (a key on every account only)' })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(WEBHOOK_ACCOUNTS_MAX)
  @IsString({ each: true })
  accountIds: string[];

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: WEBHOOK_DESCRIPTION_MAX, example: 'Domain changes for the billing platform' })
  @IsOptional()
  @IsString()
  @MaxLength(WEBHOOK_DESCRIPTION_MAX)
  description?: string | null;
}

export class UpdateWebhookDto {
  @ApiPropertyOptional({ example: 'https://hooks.example.com/v2/sending-domains', maxLength: WEBHOOK_URL_MAX, description: `${URL_DESCRIPTION}; checked as at creation` })
  @present('url')
  @IsString()
  @MaxLength(WEBHOOK_URL_MAX)
  url?: string;

  @ApiPropertyOptional({ type: [String], minItems: 1, maxItems: WEBHOOK_EVENT_TYPES_MAX, example: ['domain.verified', 'domain.failed'], description: EVENTS_DESCRIPTION })
  @present('events')
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(WEBHOOK_EVENT_TYPES_MAX)
  @IsString({ each: true })
  events?: string[];

  @ApiPropertyOptional({ example: true, description: 'false: it receives nothing (its pending deliveries fail); true again: it starts afresh' })
  @present('enabled')
  @IsBoolean()
  enabled?: boolean;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: WEBHOOK_DESCRIPTION_MAX, example: 'Domain changes for the billing platform' })
  @IsOptional()
  @IsString()
  @MaxLength(WEBHOOK_DESCRIPTION_MAX)
  description?: string | null;
}

export class ListDeliveriesQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: DELIVERY_STATUSES, description: 'only deliveries in this status' })
  @IsOptional()
  @IsIn(DELIVERY_STATUSES)
  status?: (typeof DELIVERY_STATUSES)[number];

  @ApiPropertyOptional({ enum: [...WEBHOOK_EVENT_TYPES, WEBHOOK_TEST], description: 'only deliveries of this event type' })
  @IsOptional()
  @IsIn([...WEBHOOK_EVENT_TYPES, WEBHOOK_TEST])
  eventType?: string;
}

// ---- answers ----

export class WebhookEndpointDto {
  @ApiProperty({ format: 'uuid', example: EXAMPLE_WEBHOOK_ID }) id: string;
  @ApiProperty({ example: 'https://hooks.example.com/sending-domains' }) url: string;
  @ApiProperty({ type: String, nullable: true, example: 'Domain changes for the billing platform' }) description: string | null;
  @ApiProperty({ type: [String], example: ['domain.created', 'domain.status_changed', 'domain.deleted'], description: 'event types, or ["*"]' }) events: string[];
  @ApiProperty({ type: [String], example: [EXAMPLE_ACCOUNT], description: 'account UUIDs, or ["*"] for every account' }) accountIds: string[];
  @ApiProperty({ example: true }) enabled: boolean;
  @ApiProperty({ type: String, nullable: true, example: null, description: 'why it is disabled: answered 410 Gone, every delivery failed for WEBHOOK_DISABLE_AFTER_HOURS, or by request' }) disabledReason: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: null }) disabledAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: null, description: 'since when every attempt has failed (null: the last one succeeded)' }) failingSince: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: null }) secretRotatedAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: null, description: 'until then every message carries the previous secret\'s signature too (null: no overlap now)' }) previousSecretExpiresAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', example: '2025-03-14T09:21:30.104Z' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time', example: '2025-03-14T09:21:30.104Z' }) updatedAt: string;
}

export class WebhookEndpointWithSecretDto extends WebhookEndpointDto {
  @ApiProperty({ example: 'whsec_q8Zt0Xn3bJ2mYc7vR5kP1wLd9sAe4uHf6gTiOyNr0aE=', description: 'The signing secret (whsec_ + base64 of 32 bytes). Shown once, never again: store it now.' })
  secret: string;
}

export class WebhookEndpointListDto {
  @ApiProperty({ type: [WebhookEndpointDto] }) items: WebhookEndpointDto[];
  @ApiProperty({ type: 'integer', minimum: 0, example: 2 }) total: number;
  @ApiProperty({ type: 'integer', example: 20 }) limit: number;
  @ApiProperty({ type: 'integer', example: 0 }) offset: number;
}

export class DeliveryAttemptDto {
  @ApiProperty({ type: String, format: 'date-time', example: '2025-03-14T09:27:59.958Z' }) at: string;
  @ApiProperty({ enum: ATTEMPT_TRIGGERS, example: 'scheduled', description: 'scheduled (the retry schedule), or manual (a retry asked for)' }) trigger: string;
  @ApiProperty({ type: 'integer', nullable: true, example: 503, description: "the receiver's status (null: no answer)" }) statusCode: number | null;
  @ApiProperty({ type: 'integer', minimum: 0, example: 41, description: 'from resolving the host to the end of the answer' }) durationMs: number;
  @ApiProperty({ type: String, nullable: true, example: 'answered 503 Service Unavailable', description: 'why it failed (null: delivered)' }) error: string | null;
  @ApiProperty({ type: String, nullable: true, example: '{"error":"maintenance, back in a minute"}', description: 'the start of the answer, at most 1 kB' }) response: string | null;
}

export class WebhookDeliveryDto {
  @ApiProperty({ format: 'uuid', example: EXAMPLE_DELIVERY_ID }) id: string;
  @ApiProperty({ format: 'uuid', example: EXAMPLE_WEBHOOK_ID }) endpointId: string;
  @ApiProperty({ format: 'uuid', example: '0b9d6a43-66f5-4c5e-9d43-5b1b8e2c7f10' }) eventId: string;
  @ApiProperty({ example: 'msg_0b9d6a4366f54c5e9d435b1b8e2c7f10', description: 'the webhook-id header: the same on every attempt and replay' }) webhookId: string;
  @ApiProperty({ enum: [...WEBHOOK_EVENT_TYPES, WEBHOOK_TEST], example: 'domain.status_changed' }) eventType: string;
  @ApiProperty({ type: String, format: 'date-time', example: '2025-03-14T09:27:59.931Z', description: "when the event happened (the body's timestamp)" }) eventTimestamp: string;
  @ApiProperty({ enum: DELIVERY_STATUSES, example: 'delivered' }) status: string;
  @ApiProperty({ type: [DeliveryAttemptDto], description: 'every attempt, oldest first' }) attempts: DeliveryAttemptDto[];
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: null, description: 'when it is tried next (pending only)' }) nextAttemptAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', example: '2025-03-14T09:27:59.958Z' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: '2025-03-14T09:28:04.958Z' }) deliveredAt: string | null;
  @ApiProperty({ type: String, nullable: true, example: null, description: 'why a failed delivery ended: its schedule spent, its endpoint disabled' }) failure: string | null;
}

export class WebhookDeliveryListDto {
  @ApiProperty({ type: [WebhookDeliveryDto] }) items: WebhookDeliveryDto[];
  @ApiProperty({ type: 'integer', minimum: 0, example: 2 }) total: number;
  @ApiProperty({ type: 'integer', example: 20 }) limit: number;
  @ApiProperty({ type: 'integer', example: 0 }) offset: number;
}
