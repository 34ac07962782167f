import { signMessage, splitTsig, TSIG_BADKEY, TSIG_BADSIG, tsigRecordLength, verifyMessage } from './tsig.js';
import { TsigKey } from './tsig-key.js';

/**
 * Test vectors from miekg/dns (tsig_test.go), an implementation we did not write: a signed
 * UPDATE whose MAC it made, and MACs it computed for given fields. BIND, a third implementation,
 * checks our signatures and we check its answers in test/bind.
 */
const MIEKG_SECRET = 'NoTCJU+DMqFWywaPyxSijrDEA/eC3nK0xi3AMEZuPVk=';
const MIEKG_TIME = 1594855491;
const miekgKey = () => new TsigKey('testkey', 'hmac-sha256', Buffer.from(MIEKG_SECRET, 'base64'));
/** miekg's wireMsg: an UPDATE of example.com adding `a.example.com A 192.0.2.1`, signed by key testkey at `time` */
const miekgWire = (time: number) =>
  Buffer.from(
    'c60028000001000000010001076578616d706c6503636f6d00000600010161c00c0001000100000e100004c0000201077465' +
      '73746b65790000fa00ff00000000003d0b686d61632d73686132353600' +
      time.toString(16).padStart(12, '0') +
      '012c00208cf23e0081d915478a182edcea7ff48ad102948e6c7ef8e887536957d1fa5616c60000000000',
    'hex',
  );

/** miekg's TestTsigGenerate request: an UPDATE of example.com, ID 0, nothing but the zone */
const updateOfExampleCom = () => Buffer.from('0000' + '2800' + '0001000000000000' + '076578616d706c6503636f6d00' + '00060001', 'hex');

describe('TSIG against the vectors of miekg/dns', () => {
  it('verifies the signed UPDATE (its compressed names included)', () => {
    expect(verifyMessage(miekgWire(MIEKG_TIME), miekgKey(), { now: MIEKG_TIME })).toMatchObject({ ok: true, tsig: { keyName: 'testkey', algorithm: 'hmac-sha256', fudge: 300, originalId: 0xc600 } });
  });

  it('signs the same message into the same bytes', () => {
    const split = splitTsig(miekgWire(MIEKG_TIME))!;
    expect(signMessage(split.unsigned, miekgKey(), { timeSigned: MIEKG_TIME }).message.toString('hex')).toBe(miekgWire(MIEKG_TIME).toString('hex'));
  });

  it('says BADTIME outside the fudge, BADSIG for another time signed, BADKEY for another algorithm', () => {
    expect(verifyMessage(miekgWire(MIEKG_TIME), miekgKey(), { now: MIEKG_TIME + 301 })).toMatchObject({ ok: false, error: 'BADTIME' });
    expect(verifyMessage(miekgWire(MIEKG_TIME), miekgKey(), { now: MIEKG_TIME - 301 })).toMatchObject({ ok: false, error: 'BADTIME' });
    expect(verifyMessage(miekgWire(MIEKG_TIME), miekgKey(), { now: MIEKG_TIME + 300 })).toMatchObject({ ok: true });
    // the MAC is checked before the time: a forged time is a bad signature, not a bad time
    expect(verifyMessage(miekgWire(MIEKG_TIME + 301), miekgKey(), { now: MIEKG_TIME })).toMatchObject({ ok: false, error: 'BADSIG' });
    const otherAlgorithm = miekgWire(MIEKG_TIME);
    otherAlgorithm.write('bogus', 67, 'ascii');
    expect(verifyMessage(otherAlgorithm, miekgKey(), { now: MIEKG_TIME })).toMatchObject({ ok: false, error: 'BADKEY' });
  });

  it.each([
    ['with a request MAC', '3684c225', '', 'c110e3f62694755c10761dc8717462431ee34340b7c9d1eee09449150757c5b1'],
    ['without a request MAC', '', '', '385449a425c6d52b9bf2c65c0726eefa0ad8084cdaf488f24547e686605b9610'],
    ['with other data', '3684c225', '666f6f', '15b91571ca80b3b410a77e2b44f8cc4f35ace22b26020138439dd94803e23b5d'],
  ])('computes the MAC miekg/dns computes %s', (_, requestMac, otherData, expected) => {
    const { mac, message } = signMessage(updateOfExampleCom(), miekgKey(), {
      timeSigned: MIEKG_TIME,
      fudge: 300,
      originalId: 42,
      error: 18,
      requestMac: requestMac ? Buffer.from(requestMac, 'hex') : undefined,
      otherData: Buffer.from(otherData, 'hex'),
    });
    expect(mac.toString('hex')).toBe(expected);
    expect(splitTsig(message)!.tsig).toMatchObject({ originalId: 42, error: 18, otherData: Buffer.from(otherData, 'hex'), mac: Buffer.from(expected, 'hex') });
  });
});

describe('TSIG', () => {
  const key = (algorithm: 'hmac-sha256' | 'hmac-sha512' = 'hmac-sha256', name = 'sds-publisher') => new TsigKey(name, algorithm, Buffer.alloc(algorithm === 'hmac-sha256' ? 32 : 64, 7));
  const now = 1_750_000_000;

  it.each(['hmac-sha256', 'hmac-sha512'] as const)('signs and verifies with %s, the RR as long as announced', (algorithm) => {
    const { message, mac } = signMessage(updateOfExampleCom(), key(algorithm), { timeSigned: now });
    expect(mac).toHaveLength(algorithm === 'hmac-sha256' ? 32 : 64);
    expect(message.length - updateOfExampleCom().length).toBe(tsigRecordLength(key(algorithm)));
    expect(message.readUInt16BE(10)).toBe(1);
    expect(verifyMessage(message, key(algorithm), { now })).toMatchObject({ ok: true });
    expect(verifyMessage(message, new TsigKey('sds-publisher', algorithm, Buffer.alloc(32, 8)), { now })).toMatchObject({ ok: false, error: 'BADSIG' });
  });

  it('verifies a response only with the MAC of the request it answers', () => {
    const request = signMessage(updateOfExampleCom(), key(), { timeSigned: now });
    const answer = Buffer.from(updateOfExampleCom());
    answer.writeUInt16BE(0xa800, 2); // QR, UPDATE
    const response = signMessage(answer, key(), { timeSigned: now + 1, requestMac: request.mac }).message;
    expect(verifyMessage(response, key(), { now, requestMac: request.mac })).toMatchObject({ ok: true });
    expect(verifyMessage(response, key(), { now })).toMatchObject({ ok: false, error: 'BADSIG' });
    expect(verifyMessage(response, key(), { now, requestMac: Buffer.alloc(32) })).toMatchObject({ ok: false, error: 'BADSIG' });
  });

  it('verifies a message whose ID a forwarder changed (the MAC covers the Original ID)', () => {
    const { message } = signMessage(updateOfExampleCom(), key(), { timeSigned: now });
    message.writeUInt16BE(4242, 0);
    expect(verifyMessage(message, key(), { now })).toMatchObject({ ok: true });
  });

  it('takes the key name and algorithm in any case, and a key of another name as BADKEY', () => {
    const { message } = signMessage(updateOfExampleCom(), key('hmac-sha256', 'sds-publisher'), { timeSigned: now });
    expect(verifyMessage(message, key('hmac-sha256', 'other-key'), { now })).toMatchObject({ ok: false, error: 'BADKEY' });
    const upper = Buffer.from(message.toString('latin1').replace('sds-publisher', 'SDS-PUBLISHER').replace('hmac-sha256', 'HMAC-SHA256'), 'latin1');
    expect(verifyMessage(upper, key(), { now })).toMatchObject({ ok: true });
  });

  it('answers BADSIG and BADKEY errors without a MAC (RFC 8945 §5.3.2)', () => {
    for (const error of [TSIG_BADSIG, TSIG_BADKEY]) {
      const { message, mac } = signMessage(updateOfExampleCom(), key(), { timeSigned: now, error });
      expect(mac).toHaveLength(0);
      expect(splitTsig(message)!.tsig).toMatchObject({ error, mac: Buffer.alloc(0) });
      expect(verifyMessage(message, key(), { now })).toMatchObject({ ok: false, error: 'BADSIG' });
    }
  });

  it('refuses a truncated MAC, a message without TSIG, a TSIG that is not last and trailing bytes', () => {
    const { message } = signMessage(updateOfExampleCom(), key(), { timeSigned: now });
    // cut the MAC to 16 bytes and fix the lengths: a MAC shorter than the hash is not accepted
    const macAt = message.length - 6 - 32;
    const short = Buffer.concat([message.subarray(0, macAt - 2), Buffer.from([0, 16]), message.subarray(macAt, macAt + 16), message.subarray(macAt + 32)]);
    const rdlengthAt = updateOfExampleCom().length + 'sds-publisher'.length + 2 + 8;
    short.writeUInt16BE(short.readUInt16BE(rdlengthAt) - 16, rdlengthAt);
    expect(verifyMessage(short, key(), { now })).toMatchObject({ ok: false, error: 'BADSIG', detail: 'its MAC is 16 bytes, not 32' });

    expect(verifyMessage(updateOfExampleCom(), key(), { now })).toMatchObject({ ok: false, error: 'FORMERR' });
    expect(verifyMessage(Buffer.concat([message, Buffer.from([0])]), key(), { now })).toMatchObject({ ok: false, error: 'FORMERR' });

    // the TSIG RR followed by another additional record (the root, A, IN, TTL 0, no RDATA)
    const tsigNotLast = Buffer.concat([message, Buffer.from('00' + '0001' + '0001' + '00000000' + '0000', 'hex')]);
    tsigNotLast.writeUInt16BE(2, 10);
    expect(verifyMessage(tsigNotLast, key(), { now })).toMatchObject({ ok: false, error: 'FORMERR', detail: 'a TSIG record is not the last record of the message' });
  });
});
