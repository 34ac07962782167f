import type { ClientAddress } from './client-address.js';
import { type MacroToken, tokenizeMacroString } from './spf-syntax.js';

/** What the macro letters of RFC 7208 §7.2 stand for in one evaluation. */
export interface MacroValues {
  /** `%{s}`: the sender, `local-part@domain` */
  readonly sender: string;
  /** `%{l}` */
  readonly localPart: string;
  /** `%{o}` */
  readonly senderDomain: string;
  /** `%{d}`: the domain whose record is being evaluated (changes with include and redirect) */
  readonly domain: string;
  /** `%{i}`, `%{c}`, `%{v}` */
  readonly client: ClientAddress;
  /** `%{h}`: the HELO/EHLO name, as given */
  readonly helo: string;
  /** `%{r}`: the receiving host's domain */
  readonly receiver: string;
  /** `%{t}`: seconds since the epoch */
  readonly timestamp: number;
  /** `%{p}`: the validated domain name of the client, found through DNS when asked for */
  validatedName(): Promise<string>;
}

/** RFC 3986 unreserved characters; every other byte of an upper-case macro's expansion is %-escaped (§7.3). */
function urlEscape(text: string): string {
  return [...new TextEncoder().encode(text)]
    .map((byte) => {
      const c = String.fromCharCode(byte);
      return /[A-Za-z0-9\-._~]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    })
    .join('');
}

async function letterValue(letter: string, values: MacroValues): Promise<string> {
  switch (letter) {
    case 's':
      return values.sender;
    case 'l':
      return values.localPart;
    case 'o':
      return values.senderDomain;
    case 'd':
      return values.domain;
    case 'i':
      return values.client.dotted;
    case 'p':
      return values.validatedName();
    case 'v':
      return values.client.version;
    case 'h':
      return values.helo;
    case 'c':
      return values.client.readable;
    case 'r':
      return values.receiver;
    case 't':
      return String(values.timestamp);
  }
  throw new Error(`Unknown macro letter ${letter}`);
}

/**
 * One macro (§7.3): the value split on the delimiters, reversed when asked, the rightmost parts
 * kept, joined with dots; upper-case letters URL-escaped.
 */
async function expandMacro(token: Extract<MacroToken, { kind: 'macro' }>, values: MacroValues): Promise<string> {
  let parts = (await letterValue(token.letter, values)).split(new RegExp(`[${token.delimiters.replace(/[-\\\]^]/g, '\\$&')}]`));
  if (token.reverse) parts = parts.reverse();
  if (token.digits !== null && token.digits < parts.length) parts = parts.slice(parts.length - token.digits);
  const joined = parts.join('.');
  return token.upper ? urlEscape(joined) : joined;
}

async function expandTokens(tokens: readonly MacroToken[], values: MacroValues): Promise<string> {
  let out = '';
  for (const token of tokens) out += token.kind === 'macro' ? await expandMacro(token, values) : token.text;
  return out;
}

/**
 * A domain-spec expanded into the name to ask DNS (§7.3, §7.4): one trailing dot dropped, and a
 * name over 253 characters shortened from the left, label by label. The spec was checked by the
 * parser; an invalid one throws.
 */
export async function expandDomainSpec(spec: string, values: MacroValues): Promise<string> {
  const parsed = tokenizeMacroString(spec);
  if (!parsed.ok) throw new Error(`Not a domain-spec: ${spec} (${parsed.reason})`);
  let name = await expandTokens(parsed.tokens, values);
  if (name.endsWith('.')) name = name.slice(0, -1);
  while (name.length > 253 && name.includes('.')) name = name.slice(name.indexOf('.') + 1);
  return name;
}

/** An explanation string (§6.2) expanded, or why it is not one (then the exp= is ignored). */
export async function expandExplanation(text: string, values: MacroValues): Promise<{ ok: true; text: string } | { ok: false; reason: string }> {
  const parsed = tokenizeMacroString(text, true);
  if (!parsed.ok) return parsed;
  return { ok: true, text: await expandTokens(parsed.tokens, values) };
}
