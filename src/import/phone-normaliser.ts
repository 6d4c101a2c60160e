import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

export type PhoneResult = { ok: true; e164: string; country?: string } | { ok: false; reason: string };

const DEFAULT_COUNTRY = 'MX';

/**
 * Normalises a phone number as people and exports write it to E.164. Mexican numbers in the forms
 * libphonenumber no longer accepts (`+52 1 55…`, WhatsApp's `521…`, `044`/`045`/`01` prefixes)
 * become `+52` + 10 digits, so one person is one sender whichever export they came from.
 */
export function normalisePhone(raw: string): PhoneResult {
  const cleaned = cleanPhoneText(raw);
  if (!cleaned) return { ok: false, reason: 'empty phone number' };
  if (!/^\+?\d+$/.test(cleaned)) return { ok: false, reason: 'phone number has characters that are not digits' };
  const candidate = stripMexicanLegacyPrefix(cleaned);
  const parsed = parsePhoneNumberFromString(candidate, DEFAULT_COUNTRY);
  if (!parsed || !parsed.isValid()) return { ok: false, reason: 'not a valid phone number' };
  return { ok: true, e164: parsed.number, country: parsed.country };
}

function cleanPhoneText(raw: string): string {
  let text = raw.trim().replace(/^whatsapp:/i, '').replace(/^tel:/i, '');
  text = text.replace(/[\s().\-\u00a0\u202f\u200e\u200f]/g, '');
  if (text.startsWith('00')) text = `+${text.slice(2)}`;
  return text;
}

function stripMexicanLegacyPrefix(number: string): string {
  const digits = number.replace(/^\+/, '');
  const international = number.startsWith('+');
  // +52 1 XX XXXX XXXX (old mobile marker) and WhatsApp's wa_id 521XXXXXXXXXX.
  if (/^521\d{10}$/.test(digits)) return `+52${digits.slice(3)}`;
  if (/^52\d{10}$/.test(digits) && (international || digits.length === 12)) return `+${digits}`;
  if (!international) {
    // 044/045 (mobile) and 01 (long distance) dialling prefixes, retired in 2019.
    const legacy = /^(?:044|045|01)(\d{10})$/.exec(digits);
    if (legacy) return `+52${legacy[1]}`;
  }
  return number;
}

/** Shows enough of a number to recognise it in a message, never the whole: `+52 55 •••• 5678`. */
export function maskPhone(text: string): string {
  const digits = text.replace(/\D/g, '');
  if (digits.length < 4) return '•'.repeat(digits.length);
  const last = digits.slice(-4);
  if (digits.startsWith('52') && digits.length >= 12) return `+52 ${digits.slice(-10, -8)} •••• ${last}`;
  return `•••• ${last}`;
}
