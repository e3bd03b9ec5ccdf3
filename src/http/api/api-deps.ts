/** What the management API's route modules share: the domain services, one set per app. */
import type { AdminKeyService } from "../../domain/admin-key-service.ts";
import type { AuditService } from "../../domain/audit-service.ts";
import type { EventFeed } from "../../domain/event-feed.ts";
import type { ExportService } from "../../domain/export-service.ts";
import type { IdentityService } from "../../domain/identity-service.ts";
import type { ImportService } from "../../domain/import-service.ts";
import type { ProvisioningLogService } from "../../domain/provisioning-log-service.ts";
import type { ScimTokenService } from "../../domain/scim-token-service.ts";
import type { TenantService } from "../../domain/tenant-service.ts";
import type { WebhookService } from "../../domain/webhook-service.ts";

/** The services behind the routes; the CLI (and the console) call the same ones. */
export interface ApiServices {
  readonly tenants: TenantService;
  readonly identity: IdentityService;
  readonly adminKeys: AdminKeyService;
  readonly scimTokens: ScimTokenService;
  /** SPEC §12: export, import, audit. */
  readonly exports: ExportService;
  readonly imports: ImportService;
  readonly audit: AuditService;
  readonly log: ProvisioningLogService;
  readonly events: EventFeed;
  readonly webhooks: WebhookService;
}
