/**
 * Sends webhook messages over HTTP(S), signed per the Standard Webhooks specification
 * (`standardwebhooks`: `webhook-signature: v1,<base64 HMAC-SHA256 of id.timestamp.body>`). The
 * target's host is resolved and every address checked at connection time (so a DNS answer that
 * changed since the endpoint was added is checked again, and the address checked is the one
 * connected to); redirects are not followed; each attempt has a timeout and reads at most a
 * small part of the answer.
 */
import { lookup } from "node:dns/promises";
import http from "node:http";
import https from "node:https";
import { isIP, type LookupFunction } from "node:net";
import { Webhook } from "standardwebhooks";
import type { SendResult, WebhookMessage, WebhookSender } from "../domain/webhook-sender.ts";
import { fail, ok, type Result } from "../protocol/errors.ts";
import { isPrivateAddress } from "./private-addresses.ts";

/** Options of the sender. */
export interface HttpWebhookSenderOptions {
  /** WEBHOOK_ALLOW_PRIVATE_TARGETS: reach loopback and private networks too (tests, private deployments). */
  readonly allowPrivateTargets: boolean;
  /** The longest an attempt may take, connection to answer (default 10 s). */
  readonly timeoutMs?: number;
  /** Bytes of the answer read before the connection is closed (default 64 KiB). */
  readonly maxResponseBytes?: number;
}

const USER_AGENT = "Roster-Webhooks/1";

class RefusedTarget extends Error {}

function parseUrl(text: string): Result<URL> {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return fail("invalidValue", "Url must be an absolute http:// or https:// URL");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    return fail("invalidValue", "Url must be an absolute http:// or https:// URL");
  }
  if (url.username !== "" || url.password !== "") {
    return fail("invalidValue", "Url must not carry a user name or password");
  }
  return ok(url);
}

/** The sender. */
export function httpWebhookSender(options: HttpWebhookSenderOptions): WebhookSender {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const maxBytes = options.maxResponseBytes ?? 64 * 1024;

  async function resolve(host: string): Promise<Result<readonly { address: string; family: number }[]>> {
    const bare = host.replace(/^\[|\]$/g, "");
    let addresses: { address: string; family: number }[];
    if (isIP(bare) !== 0) addresses = [{ address: bare, family: isIP(bare) }];
    else {
      try {
        addresses = await lookup(bare, { all: true, verbatim: true });
      } catch {
        return fail("invalidValue", `Url: the host ${JSON.stringify(bare)} does not resolve`);
      }
    }
    if (!options.allowPrivateTargets) {
      const refused = addresses.find((a) => isPrivateAddress(a.address));
      if (refused !== undefined) {
        return fail(
          "invalidValue",
          `Url: ${JSON.stringify(bare)} is a loopback, link-local or private address (${refused.address}); the operator allows those with WEBHOOK_ALLOW_PRIVATE_TARGETS=true`,
        );
      }
    }
    return ok(addresses);
  }

  /** A lookup for the request that answers only addresses that passed the check. */
  const checkedLookup: LookupFunction = (hostname, lookupOptions, callback) => {
    resolve(hostname).then(
      (result) => {
        if (!result.ok) {
          callback(new RefusedTarget(result.error.message), "", 0);
          return;
        }
        const addresses = result.value;
        if ((lookupOptions as { all?: boolean }).all === true) {
          (callback as unknown as (e: null, a: readonly { address: string; family: number }[]) => void)(
            null,
            addresses,
          );
        } else {
          const first = addresses[0];
          callback(null, first?.address ?? "", first?.family ?? 4);
        }
      },
      (error: unknown) => callback(error as NodeJS.ErrnoException, "", 0),
    );
  };

  return {
    async checkTarget(text) {
      const url = parseUrl(text);
      if (!url.ok) return url;
      const addresses = await resolve(url.value.hostname);
      return addresses.ok ? ok(url.value.toString()) : addresses;
    },

    async send(text, secret, message: WebhookMessage): Promise<SendResult> {
      const started = performance.now();
      const elapsed = () => Math.round(performance.now() - started);
      const url = parseUrl(text);
      if (!url.ok) return { ok: false, status: null, durationMs: 0, error: url.error.message };
      // IP literals never reach `lookup`: check them here.
      const host = url.value.hostname.replace(/^\[|\]$/g, "");
      if (isIP(host) !== 0) {
        const checked = await resolve(host);
        if (!checked.ok) return { ok: false, status: null, durationMs: elapsed(), error: checked.error.message };
      }
      const signature = new Webhook(secret).sign(message.id, message.timestamp, message.body);
      const body = Buffer.from(message.body, "utf8");
      return new Promise<SendResult>((done) => {
        let settled = false;
        const finish = (result: Omit<SendResult, "durationMs">) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          done({ ...result, durationMs: elapsed() });
        };
        const client = url.value.protocol === "https:" ? https : http;
        const request = client.request(
          url.value,
          {
            method: "POST",
            lookup: checkedLookup,
            agent: false,
            headers: {
              "content-type": "application/json",
              "content-length": String(body.length),
              "user-agent": USER_AGENT,
              "webhook-id": message.id,
              "webhook-timestamp": String(Math.floor(message.timestamp.getTime() / 1000)),
              "webhook-signature": signature,
            },
          },
          (response) => {
            const status = response.statusCode ?? 0;
            let read = 0;
            const end = () => {
              if (status >= 200 && status < 300) finish({ ok: true, status, error: null });
              else if (status >= 300 && status < 400) {
                finish({ ok: false, status, error: `answered ${status}: redirects are not followed` });
              } else finish({ ok: false, status, error: `answered ${status}` });
            };
            response.on("data", (chunk: Buffer) => {
              read += chunk.length;
              if (read > maxBytes) {
                response.destroy();
                end();
              }
            });
            response.on("end", end);
            response.on("error", end);
            response.on("close", end);
          },
        );
        const timer = setTimeout(() => {
          request.destroy();
          finish({ ok: false, status: null, error: `no answer within ${timeoutMs} ms` });
        }, timeoutMs);
        request.on("error", (error) => {
          const reason = error instanceof RefusedTarget ? error.message : `connection failed: ${errorText(error)}`;
          finish({ ok: false, status: null, error: reason });
        });
        request.end(body);
      });
    },
  };
}

function errorText(error: Error): string {
  const code = (error as NodeJS.ErrnoException).code;
  return code === undefined ? error.message.split("\n")[0]!.slice(0, 200) : code;
}
