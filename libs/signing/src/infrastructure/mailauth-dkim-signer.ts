import { createRequire } from 'node:module';
import type { DKIMSignOptions, DKIMSignResult } from 'mailauth';

const require = createRequire(import.meta.url);

/**
 * RFC 6376 §5.4.1's recommended header fields, and the message's identity and MIME structure
 * (a receiver's view of the message must not change under the signature).
 */
export const SIGNED_HEADERS = [
  'From', 'Reply-To', 'Subject', 'Date', 'To', 'Cc', 'Resent-Date', 'Resent-From', 'Resent-To', 'Resent-Cc', 'In-Reply-To',
  'References', 'List-Id', 'List-Help', 'List-Unsubscribe', 'List-Subscribe', 'List-Post', 'List-Owner', 'List-Archive',
  'Message-ID', 'MIME-Version', 'Content-Type', 'Content-Transfer-Encoding',
];

type HeaderLines = { keys: string; headers: { key: string }[] };
type GetSigningHeaderLines = (parsed: unknown, fieldNames: unknown, verify?: boolean) => HeaderLines;

/**
 * mailauth signs (canonicalisation, hashing, the RSA signature, the header's format), with one
 * addition it has no option for: `From` over-signed (RFC 6376 §8.15), i.e. named once more in
 * h= than the message has it, so that a From header added after signing breaks the signature.
 * A name in h= without a header contributes nothing to the hash (§5.4.2), so only h= changes:
 * the list mailauth's signer builds is extended before the signer reads it. The signer module
 * takes its copy of that function when it is first loaded, so this module loads it, after the
 * extension, and is the only one in the service that does.
 */
function loadSigner(): (input: Buffer, options: DKIMSignOptions) => Promise<DKIMSignResult> {
  const tools = require('mailauth/lib/tools') as { getSigningHeaderLines: GetSigningHeaderLines };
  const original = tools.getSigningHeaderLines;
  tools.getSigningHeaderLines = (parsed, fieldNames, verify) => {
    const lines = original(parsed, fieldNames, verify);
    if (verify || !lines.headers.some((h) => h.key === 'from')) return lines;
    return { ...lines, keys: `${lines.keys}: From` };
  };
  return (require('mailauth/lib/dkim/sign') as { dkimSign: (input: Buffer, options: DKIMSignOptions) => Promise<DKIMSignResult> }).dkimSign;
}

const dkimSign = loadSigner();

/** Signs with rsa-sha256, relaxed/relaxed; answers the DKIM-Signature header field, CRLF-terminated. */
export async function signMessage(message: Buffer, key: { domain: string; selector: string; privateKey: string }): Promise<string> {
  const signature = { signingDomain: key.domain, selector: key.selector, privateKey: key.privateKey, algorithm: 'rsa-sha256', canonicalization: 'relaxed/relaxed' };
  const result = await dkimSign(message, { ...signature, signatureData: [signature], headerList: SIGNED_HEADERS, strict: true });
  const failure = result.errors?.[0];
  if (failure || !result.signatures) throw new Error(`The message could not be signed: ${failure?.err?.message ?? 'no signature was made'}`);
  return result.signatures;
}
