import { isLosslessNumber, parse } from 'lossless-json';

/** A decimal integer as JSON writes it: no fraction, no exponent (JSON itself forbids leading zeros). */
const JSON_INTEGER = /^-?[0-9]+$/;

/**
 * Parses a webhook body as JSON without losing how numbers were written (`123`, `123.0` and `1.23e2` stay
 * distinct, ids past 2^53 stay exact). Duplicate keys with different values, and anything else that is not
 * one clear JSON document, read as nothing.
 * @returns the parsed value, or undefined when the body is not JSON.
 */
export function parseWebhookJson(text: string): unknown {
  try {
    return parse(text);
  } catch {
    return undefined;
  }
}

/** A number JSON wrote as an integer (`123456789`, `-100123`), as its exact text; anything else (a string too) is undefined. */
export function integerText(value: unknown): string | undefined {
  return isLosslessNumber(value) && JSON_INTEGER.test(value.value) ? value.value : undefined;
}

/** A non-empty JSON string, kept exactly (no trimming, no case change); anything else (a number too) is undefined. */
export function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
