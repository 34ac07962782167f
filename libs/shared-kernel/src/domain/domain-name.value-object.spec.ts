import { DomainError } from './domain-error.js';
import { DomainName } from './domain-name.value-object.js';

describe('DomainName', () => {
  it.each([
    ['example.com', 'example.com'],
    ['  Example.COM.  ', 'example.com'],
    ['marketing.company.com', 'marketing.company.com'],
    ['a-b.example.co.uk', 'a-b.example.co.uk'],
    ['example.co.uk', 'example.co.uk'],
    ['xn--mnchen-3ya.de', 'xn--mnchen-3ya.de'],
    ['münchen.de', 'xn--mnchen-3ya.de'],
    ['MÜNCHEN.de', 'xn--mnchen-3ya.de'],
    ['bücher.de', 'xn--bcher-kva.de'],
    ['shop.example.photography', 'shop.example.photography'],
    ['例え.jp', 'xn--r8jz45g.jp'],
    ['1password.com', '1password.com'],
    ['mycompany.github.io', 'mycompany.github.io'],
    [`${'a'.repeat(63)}.com`, `${'a'.repeat(63)}.com`],
  ])('accepts %j as %j', (input, expected) => {
    expect(DomainName.parse(input).value).toBe(expected);
  });

  it.each([
    [''],
    ['   '],
    [null],
    [undefined],
  ])('rejects empty %j with DOMAIN_EMPTY', (input) => {
    expect(() => DomainName.parse(input)).toThrow(expect.objectContaining({ code: 'DOMAIN_EMPTY', message: 'Domain cannot be empty or null' }));
  });

  it.each([
    ['com', 'two labels'],
    ['localhost', 'two labels'],
    ['co.uk', 'public suffix'],
    ['github.io', 'public suffix'],
    ['-example.com', 'letters, digits and hyphens'],
    ['example-.com', 'letters, digits and hyphens'],
    ['exa_mple.com', 'letters, digits and hyphens'],
    ['exa mple.com', 'without scheme'],
    ['https://example.com', 'without scheme'],
    ['example.com/path', 'without scheme'],
    ['user@example.com', 'without scheme'],
    ['example..com', 'empty label'],
    ['.example.com', 'empty label'],
    [`${'a'.repeat(64)}.com`, 'longer than 63'],
    [`${'abcdefghi.'.repeat(25)}example.com`, 'longer than 253'],
    ['192.168.1.1', 'IP address'],
    ['ex!ample.com', 'letters, digits and hyphens'],
    [42, 'must be a string'],
    ['example.notatld', 'not a top-level domain'],
    ['ü.ü', 'not a top-level domain'],
    ['xn--zz.com', 'not valid punycode'],
    ['xn--.com', 'letters, digits and hyphens'],
  ])('rejects %j (%s)', (input, reason) => {
    let error: unknown;
    try {
      DomainName.parse(input);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('DOMAIN_INVALID');
    expect((error as DomainError).message).toContain(reason);
  });
});
