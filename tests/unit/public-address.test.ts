import { describe, expect, it } from 'vitest';
import { addressesAllowed, checkTargetUrl, classifyAddress } from '../../supabase/functions/_shared/public-address';

/** The webhook sender's SSRF rule: which resolved addresses and URLs an organization's endpoint may target. */
describe('classifyAddress', () => {
  it.each(['8.8.8.8', '1.1.1.1', '93.184.216.34', '2606:4700:4700::1111', '2001:4860:4860::8888'])('%s is public', (a) => {
    expect(classifyAddress(a)).toBe('public');
  });
  it.each(['127.0.0.1', '127.9.9.9', '::1', '[::1]', '::ffff:127.0.0.1'])('%s is loopback', (a) => {
    expect(classifyAddress(a)).toBe('loopback');
  });
  it.each([
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.0.10',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '255.255.255.255',
    '198.18.0.1',
    '::',
    'fc00::1',
    'fd12:3456::1',
    'fe80::1%eth0',
    'ff02::1',
    '::ffff:10.0.0.1',
    '::ffff:a9fe:a9fe',
    '64:ff9b::10.0.0.1',
    '2002:0a00:0001::1',
    '2001:db8::1',
  ])('%s is blocked', (a) => {
    expect(classifyAddress(a)).toBe('blocked');
  });
  it.each(['example.com', '1.2.3', '256.1.1.1', '1::2::3', 'g::1'])('%s is not an address', (a) => {
    expect(classifyAddress(a)).toBe('invalid');
  });
});

describe('checkTargetUrl and addressesAllowed', () => {
  it('allows https to public addresses only', () => {
    expect(checkTargetUrl('https://hooks.example.com/x', false).ok).toBe(true);
    expect(checkTargetUrl('http://hooks.example.com/x', false)).toEqual({ ok: false, reason: 'only https URLs are allowed' });
    expect(checkTargetUrl('https://user:pw@hooks.example.com/', false).ok).toBe(false);
    expect(checkTargetUrl('ftp://hooks.example.com/', true).ok).toBe(false);
    expect(addressesAllowed(['93.184.216.34'], { allowLoopback: false, http: false })).toBe(true);
    expect(addressesAllowed(['93.184.216.34', '10.0.0.1'], { allowLoopback: false, http: false })).toBe(false);
    expect(addressesAllowed([], { allowLoopback: false, http: false })).toBe(false);
    expect(addressesAllowed(['127.0.0.1'], { allowLoopback: false, http: false })).toBe(false);
  });
  it('with the test flag, allows http to loopback and nothing else over http', () => {
    expect(checkTargetUrl('http://127.0.0.1:9999/hooks', true).ok).toBe(true);
    expect(addressesAllowed(['127.0.0.1'], { allowLoopback: true, http: true })).toBe(true);
    expect(addressesAllowed(['93.184.216.34'], { allowLoopback: true, http: true })).toBe(false);
    expect(addressesAllowed(['10.0.0.1'], { allowLoopback: true, http: false })).toBe(false);
  });
});
