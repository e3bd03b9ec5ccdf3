/** The port through which webhook deliveries leave the process (implemented in src/delivery/). */
import type { Result } from "../protocol/errors.ts";

/** One signed message (Standard Webhooks): `webhook-id`, `webhook-timestamp`, and its JSON body. */
export interface WebhookMessage {
  readonly id: string;
  readonly timestamp: Date;
  readonly body: string;
}

/** How one attempt went. */
export interface SendResult {
  /** True for a 2xx answer. */
  readonly ok: boolean;
  /** The status answered; null when none came (refused target, timeout, connection error). */
  readonly status: number | null;
  readonly durationMs: number;
  /** Why it failed, in a line; null on success. Never the answer's body. */
  readonly error: string | null;
}

/** Sends webhook messages. */
export interface WebhookSender {
  /** Checks that `url` may be a target: http(s), and (unless allowed) not loopback, link-local or private. */
  checkTarget(url: string): Promise<Result<string>>;
  /** POSTs the message to `url`, signed with `secret`; never throws. */
  send(url: string, secret: string, message: WebhookMessage): Promise<SendResult>;
}
