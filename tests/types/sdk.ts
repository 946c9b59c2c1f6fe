// toMessagesCreate's options against the twilio SDK's own type (twilio 6.3.1,
// `MessageListInstanceCreateOptions`): assignable, and no option name the SDK lacks. Checked by
// tests/js/types.test.mjs with --skipLibCheck (twilio's declarations need @types/node).
import type { MessageListInstanceCreateOptions } from "twilio/lib/rest/api/v2010/account/message";
import { composeOutbound, toMessagesCreate, type MessagesCreateOptions, type Config } from "../../pkg/node/wa_guard.js";

export function send(config: Config): MessageListInstanceCreateOptions {
  const params = composeOutbound({ config, workstreamId: "support", to: "+447400123456", lastInboundAt: null,
    content: { contentSid: "HX1b2c3d4e5f60718293a4b5c6d7e8f901", variables: ["Ana", "#12345"] } });
  const options: MessageListInstanceCreateOptions = toMessagesCreate(params);
  return options;
}

// Every option name is one of the SDK's.
type NotInSdk = Exclude<keyof MessagesCreateOptions, keyof MessageListInstanceCreateOptions>;
export const everyNameIsTheSdks: [NotInSdk] extends [never] ? true : false = true;
// The value types agree (mediaUrl is an array in both).
export const mediaUrl: MessageListInstanceCreateOptions["mediaUrl"] = ({} as MessagesCreateOptions).mediaUrl;
