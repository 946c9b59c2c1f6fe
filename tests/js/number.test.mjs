// Number bindings as JS sees them (run pkg-scripts/build first).
import { test } from "node:test";
import assert from "node:assert/strict";
import { parseE164, normalizeE164, parseWhatsAppAddress, formatWhatsAppAddress } from "./pkg.mjs";

test("parseE164 returns a plain object", () => {
  assert.deepEqual(parseE164("+442071838750"), {
    number: "+442071838750",
    countryCallingCode: "44",
    nationalNumber: "2071838750",
    regions: ["GB", "GG", "IM", "JE"],
    region: "GB",
    nonGeographic: false,
    waId: "442071838750",
    whatsappAddress: "whatsapp:+442071838750",
  });
});

test("errors are WaGuardErrors with code and span", () => {
  assert.throws(() => parseE164("+44 20 7183 8750"), (e) => {
    assert.ok(e instanceof Error);
    assert.equal(e.name, "WaGuardError");
    assert.equal(e.code, "E164_INVALID_CHARACTER");
    assert.deepEqual(e.span, { start: 3, end: 4 });
    return true;
  });
  assert.throws(() => parseE164("+2591234567"), { code: "E164_UNKNOWN_COUNTRY_CODE" });
  assert.throws(() => parseE164(14155238886), { code: "INVALID_ARGUMENT", path: "input" });
  assert.throws(() => parseE164(), { code: "INVALID_ARGUMENT" });
});

test("normalizeE164 with and without a default region", () => {
  assert.equal(normalizeE164("+1 (415) 523-8886").number, "+14155238886");
  assert.equal(normalizeE164("0049 30 1234567", null).number, "+49301234567");
  assert.equal(normalizeE164("020 7183 8750", "GB").number, "+442071838750");
  assert.throws(() => normalizeE164("020 7183 8750"), { code: "E164_MISSING_COUNTRY_CODE" });
  assert.throws(() => normalizeE164("020 7183 8750", 44), { code: "INVALID_ARGUMENT", path: "defaultRegion" });
});

test("WhatsApp addresses", () => {
  assert.equal(parseWhatsAppAddress("whatsapp:+14155238886").waId, "14155238886");
  assert.throws(() => parseWhatsAppAddress("+14155238886"), { code: "WHATSAPP_ADDRESS_INVALID" });
  assert.equal(formatWhatsAppAddress("+14155238886"), "whatsapp:+14155238886");
  assert.throws(() => formatWhatsAppAddress("14155238886"), { code: "E164_MISSING_PLUS" });
});

test("issue 22: region by area code, customers, extensions", async () => {
  const { parseCustomer, sameCustomer } = await import("./pkg.mjs");
  assert.equal(parseE164("+14165550123").region, "CA");
  assert.equal(parseE164("+12125550123").region, "US");
  assert.equal(parseE164("+80012345678").region, null);
  assert.deepEqual(parseCustomer("whatsapp:+5215512345678"), {
    address: "whatsapp:+5215512345678", number: "+5215512345678", canonical: "+525512345678",
  });
  assert.deepEqual(parseCustomer("US.13491208655302741918"), {
    address: "US.13491208655302741918", bsuid: "US.13491208655302741918", canonical: "US.13491208655302741918",
  });
  assert.equal(sameCustomer("+5215512345678", "+525512345678"), true);
  assert.equal(sameCustomer("+5491123456789", "whatsapp:+541123456789"), true);
  assert.equal(sameCustomer("+525512345678", "+14155550100"), false);
  assert.throws(() => sameCustomer("+14155550100", "maria"), { code: "CUSTOMER_ADDRESS_INVALID", path: "b" });
  assert.throws(() => sameCustomer(1, "+14155550100"), { code: "INVALID_ARGUMENT" });
  assert.equal(normalizeE164("+44 20 7183 8750 ext. 123").extension, "123");
  assert.equal(normalizeE164("+44 20 7183 8750").extension, undefined);
  assert.equal(normalizeE164("\u200e\uff0b\uff14\uff14 \uff12\uff10 7183\u202f8750").number, "+442071838750");
  assert.equal(normalizeE164("011 44 20 7183 8750", "US").number, "+442071838750");
  assert.throws(() => normalizeE164("+1 (0) 415 555 0100"), { code: "E164_TOO_LONG" });
});
