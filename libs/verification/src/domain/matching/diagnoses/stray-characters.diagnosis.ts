import { displayName, dnsNamesEqual } from '../dns-names.js';
import type { ValueDiagnosis } from '../record-matcher.js';

/** Characters no host name has, that pasting leaves behind: whitespace, quotes, backslashes. */
const STRAY = /[\s"'`\\]/g;

function describeStray(value: string): string {
  const parts: string[] = [];
  const leading = /^[\s"'`\\]+/.exec(value)?.[0] ?? '';
  const trailing = /[\s"'`\\]+$/.exec(value)?.[0] ?? '';
  const inner = value.slice(leading.length, value.length - trailing.length);
  const name = (chars: string) => (/["'`]/.test(chars) ? 'quotation marks' : /\t/.test(chars) ? 'a tab' : chars.length > 1 ? 'spaces' : 'a space');
  if (leading) parts.push(`${name(leading)} at its start`);
  if (trailing) parts.push(`${name(trailing)} at its end`);
  if (STRAY.test(inner)) parts.push(`${name(inner.match(STRAY)!.join(''))} inside it`);
  STRAY.lastIndex = 0;
  return parts.join(' and ');
}

/**
 * A CNAME target that is ours but for a stray space or quotes (typically pasted along): DNS
 * keeps them as part of the name, so receivers look up a different name and find no key.
 */
export const cnameStrayCharacters: ValueDiagnosis = (expected, _domain, found) => {
  for (const target of found) {
    const cleaned = target.replace(STRAY, '');
    if (cleaned === target || !dnsNamesEqual(cleaned, expected.value)) continue;
    return (
      `The CNAME at ${displayName(expected.host)} points to ${displayName(target)}: the value has ${describeStray(target)}, ` +
      `which DNS keeps as part of the name, so receivers look up a different name and find nothing. Change the value to exactly "${expected.value}".`
    );
  }
  return null;
};
