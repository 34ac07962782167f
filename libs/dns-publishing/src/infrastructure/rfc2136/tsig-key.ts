/** The TSIG algorithms the publisher signs with (RFC 8945 §6: both mandatory to implement). */
export const TSIG_ALGORITHMS = ['hmac-sha256', 'hmac-sha512'] as const;
export type TsigAlgorithm = (typeof TSIG_ALGORITHMS)[number];

const KEY_NAME_LABEL = /^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * A TSIG key: its name (lower-case, without the trailing dot), its algorithm and its secret. The
 * secret lives in a private field: it is not an own property, so JSON, a logger's serialiser or
 * util.inspect never show it; only `secret()` (for signing) hands it out.
 */
export class TsigKey {
  readonly #secret: Buffer;

  constructor(
    readonly name: string,
    readonly algorithm: TsigAlgorithm,
    secret: Buffer,
  ) {
    this.#secret = Buffer.from(secret);
  }

  /** The shared secret, for computing MACs only. */
  secret(): Buffer {
    return this.#secret;
  }

  toJSON(): { name: string; algorithm: TsigAlgorithm } {
    return { name: this.name, algorithm: this.algorithm };
  }
}

/**
 * Parses a TSIG key in nsupdate's `-y` form, `algorithm:keyname:base64secret` (PROVIDER_ZONE_TSIG),
 * e.g. `hmac-sha256:sds-publisher:Kc3m…=`: the algorithm `hmac-sha256` or `hmac-sha512` (also
 * written as the DNS name, `hmac-sha256.`), the key's name as in named.conf (a trailing dot
 * allowed), and its secret as `tsig-keygen` prints it. Throws an Error whose message says what is
 * wrong and never repeats any part of the text, since a mistake may have put the secret anywhere.
 */
export function parseTsigKey(text: string): TsigKey {
  const form = 'expected algorithm:keyname:secret (the form of nsupdate -y), like hmac-sha256:sds-publisher:<base64 secret from tsig-keygen>';
  if (typeof text !== 'string' || text.trim() === '') throw new Error(`the TSIG key is empty: ${form}`);
  const parts = text.trim().split(':');
  if (parts.length !== 3) {
    throw new Error(
      parts.length === 2
        ? `the TSIG key names no algorithm (nsupdate would take hmac-md5, which is not supported): ${form}`
        : `the TSIG key has ${parts.length} colon-separated fields instead of 3: ${form}`,
    );
  }
  const [rawAlgorithm, rawName, rawSecret] = parts as [string, string, string];
  const algorithm = rawAlgorithm.toLowerCase().replace(/\.$/, '');
  if (!(TSIG_ALGORITHMS as readonly string[]).includes(algorithm)) {
    throw new Error(`the TSIG key's algorithm (its first field) is not supported: use hmac-sha256 or hmac-sha512 (${form})`);
  }
  const name = rawName.toLowerCase().replace(/\.$/, '');
  if (name === '' || name.length > 253 || !name.split('.').every((label) => KEY_NAME_LABEL.test(label))) {
    throw new Error(`the TSIG key's name (its second field) is not a DNS name of letters, digits, "-" and "_" (${form})`);
  }
  if (rawSecret === '' || !BASE64.test(rawSecret)) throw new Error(`the TSIG key's secret (its third field) is not base64 (${form})`);
  const secret = Buffer.from(rawSecret, 'base64');
  // a key far shorter than the hash's output weakens the MAC; tsig-keygen makes keys as long as the hash
  const minimum = algorithm === 'hmac-sha512' ? 64 : 32;
  if (secret.length < 16) throw new Error(`the TSIG key's secret is ${secret.length} bytes: too short to be safe (tsig-keygen -a ${algorithm} makes one of ${minimum})`);
  return new TsigKey(name, algorithm as TsigAlgorithm, secret);
}
