import type { IncomingMessage, ServerResponse } from "node:http";
import type { SharedKeySecret, SignatureVerdict } from "../webhook/node/wa_guard.js";

/** Options of `webhook()`: the same as `twilio.webhook()`'s, plus rotation and several SharedKeys. */
export interface WebhookOptions {
  /** The auth token (default: `process.env.TWILIO_AUTH_TOKEN`). */
  authToken?: string;
  /** Several auth tokens, primary first; unset entries after the first are skipped. */
  authTokens?: Array<string | null | undefined>;
  /** The account's SharedKeys, for webhooks carrying `X-Twilio-Webhooks-Signature-Settings`. */
  sharedKeys?: SharedKeySecret[];
  /** The SDK's single SharedKey secret (tried whatever key id the settings header names). */
  sharedKeySecret?: string;
  /** The full URL Twilio called, query included (wins over `host` and `protocol`). */
  url?: string;
  /** The host Twilio called, when a proxy changed it. */
  host?: string;
  /** The protocol Twilio called (`https`), when a proxy terminates TLS. */
  protocol?: string;
  /** Verify the signature (default true). */
  validate?: boolean;
}

/** A request that went through the middleware: `waGuard` holds the verdict. */
export interface VerifiedRequest extends IncomingMessage {
  waGuard?: SignatureVerdict;
}

export type Middleware = (req: IncomingMessage & { body?: unknown; originalUrl?: string; protocol?: string }, res: ServerResponse, next: (err?: unknown) => void) => void;

/** An Express/Connect middleware verifying Twilio webhooks: 400 when the signature header is
 *  missing or the request is malformed, 403 when the signature is invalid, else `next()` with the
 *  verdict on `req.waGuard`. Use after `express.urlencoded()` (params) or `express.raw()` /
 *  `express.text()` (raw bodies: required for JSON webhooks with `bodySHA256`). */
export function webhook(authTokenOrOptions?: string | WebhookOptions, options?: WebhookOptions): Middleware;
