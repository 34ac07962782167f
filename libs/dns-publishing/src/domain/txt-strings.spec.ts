import { txtStrings } from './txt-strings.js';

describe('txtStrings', () => {
  it('cuts the UTF-8 bytes every 255, and joined they are the text again', () => {
    const dkim = `v=DKIM1; k=rsa; p=${'A'.repeat(392)}`;
    expect(txtStrings(dkim).map((s) => s.length)).toEqual([255, 155]);
    expect(Buffer.concat(txtStrings(dkim)).toString()).toBe(dkim);
    expect(txtStrings('x'.repeat(510)).map((s) => s.length)).toEqual([255, 255]);
    expect(txtStrings('x'.repeat(511)).map((s) => s.length)).toEqual([255, 255, 1]);
  });

  it('counts bytes, not characters', () => {
    const text = 'é'.repeat(200); // 400 bytes
    expect(txtStrings(text).map((s) => s.length)).toEqual([255, 145]);
    expect(Buffer.concat(txtStrings(text)).toString('utf8')).toBe(text);
  });

  it('makes an empty text one empty string', () => {
    expect(txtStrings('')).toEqual([Buffer.alloc(0)]);
  });
});
