/** The longest character-string DNS allows (RFC 1035 §3.3: one length octet). */
export const MAX_CHARACTER_STRING = 255;

/**
 * A TXT value as the character-strings of one TXT record: its UTF-8 bytes cut every 255 bytes.
 * Receivers join them without separators (RFC 7208 §3.3, RFC 6376 §3.6.2.2), so where the cut
 * falls does not change the value. An empty text is one empty string.
 */
export function txtStrings(text: string): Buffer[] {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length === 0) return [Buffer.alloc(0)];
  const strings: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += MAX_CHARACTER_STRING) strings.push(bytes.subarray(at, at + MAX_CHARACTER_STRING));
  return strings;
}
