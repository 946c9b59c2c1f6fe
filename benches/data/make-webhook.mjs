// Generates benches/data/webhook.json and webhook-body.txt: a realistic WhatsApp inbound webhook
// (a reply with an emoji, 18 parameters, ~700 bytes form-encoded), signed by the official SDK.
// Re-run only to change the fixture: node benches/data/make-webhook.mjs
import { writeFileSync } from "node:fs";
import twilio from "twilio";

const authToken = "e194669bd11ac3fffcfd4c41b1b927c4";
const url = "https://edge.example.com/twilio/whatsapp/inbound?workstream=support";
const params = {
  SmsMessageSid: "SM1c5e2516b954bf75943d8b47a28b5b68",
  NumMedia: "0",
  ProfileName: "João",
  MessageType: "text",
  SmsSid: "SM1c5e2516b954bf75943d8b47a28b5b68",
  WaId: "5511987654321",
  SmsStatus: "received",
  Body: "Olá! Meu pedido #12345 ainda não chegou 😕 podem verificar?",
  To: "whatsapp:+14155238886",
  NumSegments: "1",
  ReferralNumMedia: "0",
  MessageSid: "SM1c5e2516b954bf75943d8b47a28b5b68",
  AccountSid: "ACe3a792c2fff820782887463d41eb7b16",
  From: "whatsapp:+5511987654321",
  ApiVersion: "2010-04-01",
  OriginalRepliedMessageSender: "whatsapp:+14155238886",
  OriginalRepliedMessageSid: "MM8a2c7d3e4f5061728394a5b6c7d8e9f0",
  ChannelMetadata: JSON.stringify({ type: "whatsapp", data: { context: { ProfileName: "João", WaId: "5511987654321" } } }),
};
const formBody = new URLSearchParams(params).toString();
const signature = twilio.getExpectedTwilioSignature(authToken, url, params);
if (!twilio.validateRequest(authToken, signature, url, params)) throw new Error("SDK disagrees with itself");
const forged = signature.slice(0, 10) + (signature[10] === "A" ? "B" : "A") + signature.slice(11);
const dir = new URL(".", import.meta.url);
writeFileSync(new URL("webhook.json", dir), JSON.stringify({ authToken, url, params, formBody, signature, forged }, null, 1) + "\n");
writeFileSync(new URL("webhook-body.txt", dir), formBody);
console.log(`${Object.keys(params).length} params, ${formBody.length} bytes, signature ${signature}`);
