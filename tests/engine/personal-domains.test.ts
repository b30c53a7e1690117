import { describe, expect, it } from 'vitest';
import {
  emailDomain,
  isPersonalDomain,
  personalDomainCount,
  personalDomains,
} from '../../src/engine/scoring/personal-domains.ts';

const DOMAIN = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,}$/;

describe('isPersonalDomain', () => {
  it('recognises free mailbox, ISP and disposable domains', () => {
    for (const domain of ['gmail.com', 'GMX.DE', 'web.de', 't-online.de', 'outlook.com', 'yahoo.co.uk', 'mailinator.com']) {
      expect(isPersonalDomain(domain), domain).toBe(true);
    }
  });

  it('does not flag company domains', () => {
    for (const domain of ['acme.com', 'pipelight.io', 'sap.com']) expect(isPersonalDomain(domain), domain).toBe(false);
  });

  it('matches exact domains only, not subdomains or parents', () => {
    expect(isPersonalDomain('mail.gmx.de')).toBe(false);
    expect(isPersonalDomain('gmx')).toBe(false);
    expect(isPersonalDomain('co.uk')).toBe(false);
  });

  it('accepts an e-mail address and ignores case, surrounding whitespace and a trailing dot', () => {
    expect(isPersonalDomain('Max@Web.DE ')).toBe(true);
    expect(isPersonalDomain(' gmail.com. ')).toBe(true);
    expect(isPersonalDomain('max@acme.com')).toBe(false);
  });

  it('treats empty values and addresses without a domain as not personal', () => {
    expect(isPersonalDomain('')).toBe(false);
    expect(isPersonalDomain('max@')).toBe(false);
  });

  it('applies overrides case-insensitively, with remove winning over add', () => {
    expect(isPersonalDomain('max@acme.com', { add: ['ACME.com'] })).toBe(true);
    expect(isPersonalDomain('gmx.de', { remove: ['gmx.de'] })).toBe(false);
    expect(isPersonalDomain('Max@Web.de', { remove: ['WEB.DE'] })).toBe(false);
    expect(isPersonalDomain('acme.com', { add: ['acme.com'], remove: ['acme.com'] })).toBe(false);
  });

  it('keeps overrides to the call they were passed to', () => {
    const add = ['acme.com'];
    expect(isPersonalDomain('acme.com', { add })).toBe(true);
    expect(isPersonalDomain('gmail.com', { remove: ['gmail.com'] })).toBe(false);
    expect(isPersonalDomain('acme.com')).toBe(false);
    expect(isPersonalDomain('gmail.com')).toBe(true);
    expect(add).toEqual(['acme.com']);
  });
});

describe('emailDomain', () => {
  it('returns the lower-cased domain after the last "@"', () => {
    expect(emailDomain('Max@Web.DE ')).toBe('web.de');
    expect(emailDomain('a@b@gmx.de')).toBe('gmx.de');
    expect(emailDomain('x@gmail.com.')).toBe('gmail.com');
  });

  it('returns undefined without an "@" followed by a domain', () => {
    expect(emailDomain('no-at')).toBeUndefined();
    expect(emailDomain('a@')).toBeUndefined();
    expect(emailDomain('a@  ')).toBeUndefined();
    expect(emailDomain('')).toBeUndefined();
  });
});

describe('built-in list', () => {
  const domains = personalDomains();

  it('holds a few hundred domains', () => {
    expect(personalDomainCount()).toBeGreaterThanOrEqual(250);
    expect(personalDomainCount()).toBe(domains.length);
  });

  it('has no duplicates', () => {
    const seen = new Set<string>();
    const duplicates = domains.filter((domain) => seen.size === seen.add(domain).size);
    expect(duplicates).toEqual([]);
  });

  it('contains only valid lower-case domains', () => {
    expect(domains.filter((domain) => !DOMAIN.test(domain))).toEqual([]);
  });

  it('covers the major providers of the target markets', () => {
    const expected = [
      'gmail.com', 'googlemail.com', 'yahoo.com', 'yahoo.de', 'yahoo.fr', 'yahoo.co.uk', 'yahoo.es', 'yahoo.it',
      'hotmail.com', 'hotmail.de', 'outlook.com', 'outlook.de', 'live.com', 'live.de', 'msn.com', 'icloud.com',
      'me.com', 'mac.com', 'aol.com', 'aol.de', 'gmx.de', 'gmx.net', 'gmx.at', 'gmx.ch', 'gmx.com', 'gmx.us',
      'web.de', 't-online.de', 'freenet.de', 'arcor.de', 'posteo.de', 'mailbox.org', 'online.de', '1und1.de',
      'vodafone.de', 'kabelmail.de', 'mail.de', 'email.de', 'bluewin.ch', 'a1.net', 'aon.at', 'chello.at',
      'orange.fr', 'free.fr', 'laposte.net', 'sfr.fr', 'wanadoo.fr', 'libero.it', 'virgilio.it', 'tiscali.it',
      'btinternet.com', 'sky.com', 'virginmedia.com', 'protonmail.com', 'proton.me', 'pm.me', 'tutanota.com',
      'tutanota.de', 'tuta.io', 'zoho.com', 'yandex.com', 'yandex.ru', 'mail.ru', 'qq.com', '163.com', 'seznam.cz',
      'wp.pl', 'o2.pl', 'onet.pl', 'interia.pl', 'ziggo.nl', 'kpnmail.nl', 'telenet.be', 'skynet.be', 'comcast.net',
      'verizon.net', 'att.net', 'sbcglobal.net', 'cox.net', 'hey.com', 'fastmail.com', 'mailinator.com',
      'guerrillamail.com', '10minutemail.com', 'temp-mail.org', 'yopmail.com', 'trashmail.com', 'wegwerfmail.de',
    ];
    expect(expected.filter((domain) => !isPersonalDomain(domain))).toEqual([]);
  });
});
