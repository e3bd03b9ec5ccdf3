/**
 * Webhook signing secrets (Standard Webhooks `whsec_<base64>`). The server must sign with them,
 * so they cannot be kept as hashes: they are stored encrypted (AES-256-GCM) under a key that
 * the server generates once and keeps in `server_secrets`. That keeps them out of anything that
 * copies the webhooks table alone (an export, a support dump, a log of a query), not out of a
 * full database backup, which holds the key too (docs/events.md says so).
 */
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

/** The server secret that encrypts webhook secrets (`server_secrets.name`). */
export const WEBHOOK_KEY_SECRET = "webhook-secret-key";

/** A new signing secret: `whsec_` and 24 random bytes in base64. */
export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString("base64")}`;
}

function keyOf(serverSecret: string): Buffer {
  const key = Buffer.from(serverSecret, "base64url");
  if (key.length !== 32) throw new Error("the webhook key must be 32 bytes");
  return key;
}

/** `v1.<iv>.<tag>.<ciphertext>`, base64url, under the server's key. */
export function encryptWebhookSecret(secret: string, serverSecret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", keyOf(serverSecret), iv);
  const data = Buffer.concat([cipher.update(secret, "utf8"), cipher.final()]);
  return ["v1", iv, cipher.getAuthTag(), data]
    .map((part) => (typeof part === "string" ? part : part.toString("base64url")))
    .join(".");
}

/** The secret back; throws when the text was not made by `encryptWebhookSecret` under this key. */
export function decryptWebhookSecret(cipherText: string, serverSecret: string): string {
  const [version, iv, tag, data] = cipherText.split(".");
  if (version !== "v1" || iv === undefined || tag === undefined || data === undefined) {
    throw new Error("not an encrypted webhook secret");
  }
  const decipher = createDecipheriv("aes-256-gcm", keyOf(serverSecret), Buffer.from(iv, "base64url"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(data, "base64url")), decipher.final()]).toString("utf8");
}
